/**
 * A Jira status name runs to 255 characters (StatusCreate.name, Jira Cloud REST v3 OpenAPI), the
 * case's Incident_Status__c holds 40, and Salesforce refuses a value over a text field's length for
 * the whole record (STRING_TOO_LONG): a long incident status must reach the linked cases cut to fit,
 * with the incident key beside it, both while the incident is open and when it is resolved.
 */
import assert from 'node:assert/strict';
import { updateIncident } from '../../../src/adapters/store/incidents.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { CUT_FOR_CASE_MARKER } from '../../../src/domain/sync/case-text-limits.js';
import { refreshIncident } from '../../../src/engine/incidents/inform-cases.js';
import { fanOutResolution } from '../../../src/engine/incidents/resolve-incident.js';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { useIncidentRig } from './given-incidents.js';

const LONG_STATUS = 'Investigating with the payment provider and the bank, awaiting their reply';

describe('a long incident status on the linked cases (sandbox)', function () {
  this.timeout(60_000);
  const rig = useIncidentRig('incidents_long_status');

  it('tells each case the key and the status cut to the field, open and resolved', async () => {
    const { h, deps } = rig;
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Corporate invoices fail', Status: 'New', Priority: 'P1', Topic__c: 'corporate_portal' } });
    await syncCases(h.context, [id]);
    const [incident] = await listTrackedIncidents(h.db.knex);
    assert.match(incident?.issueKey ?? '', /^INC-\d+$/, 'the incident has its issue');
    const read = async () => (await h.context.cases.getCases([id], ['Incident_Key__c', 'Incident_Status__c']))[0]!.fields;

    // As the watcher records a status read from Jira (the store keeps it whole).
    await updateIncident(h.db.knex, incident!.id, { status: LONG_STATUS });
    await refreshIncident(h.context, deps, incident!.id);
    const open = await read();
    assert.equal(open.Incident_Key__c, incident!.issueKey);
    assert.equal(open.Incident_Status__c, `${LONG_STATUS.slice(0, 39)}${CUT_FOR_CASE_MARKER}`);

    const [tracked] = await listTrackedIncidents(h.db.knex);
    const told = await fanOutResolution(h.context, deps, { ...tracked!, issueKey: tracked!.issueKey!, status: `Resolved: ${LONG_STATUS}` }, new Date());
    assert.equal(told, 1, 'the resolution reached the case');
    assert.equal((await read()).Incident_Status__c, `Resolved: ${LONG_STATUS}`.slice(0, 39) + CUT_FOR_CASE_MARKER);
  });
});

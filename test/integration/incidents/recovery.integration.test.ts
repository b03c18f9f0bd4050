/**
 * Recovery against the sandbox: an incident whose Jira create was refused gets its issue from the
 * watcher after the lease; RCA stages whose sub-tasks failed are created later; a stage whose key
 * was lost is found again by its label instead of being created twice.
 */
import assert from 'node:assert/strict';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { runIncidentWatch } from '../../../src/engine/incidents/watch-incidents.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { listRcaStages } from '../../../src/adapters/store/rca-stages.js';
import { useIncidentRig } from './given-incidents.js';

const LEASE_MS = 1000;
const pastLease = () => new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));

describe('incident recovery after refused creates (sandbox)', function () {
  this.timeout(60_000);
  const rig = useIncidentRig('incidents_recovery', { harness: { intentLeaseMs: LEASE_MS } });

  it('an incident whose issue Jira refused gets it from the watcher after the lease, and its cases are told', async () => {
    const { h, deps } = rig;
    deps.config.jira.issueType = 'No Such Type';
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Corporate invoices fail', Status: 'New', Priority: 'P1', Topic__c: 'corporate_portal' } });
    await syncCases(h.context, [id]);
    const [pending] = await listTrackedIncidents(h.db.knex);
    assert.equal(pending!.issueKey, null);
    deps.config.jira.issueType = 'Incident';
    await runIncidentWatch(h.context, deps);
    assert.equal((await listTrackedIncidents(h.db.knex))[0]!.issueKey, null, 'not within the lease: the opener may still be creating');
    await pastLease();
    await runIncidentWatch(h.context, deps);
    const [recovered] = await listTrackedIncidents(h.db.knex);
    assert.match(recovered!.issueKey ?? '', /^INC-\d+$/);
    const [record] = await h.context.cases.getCases([id], ['Incident_Key__c']);
    assert.equal(record!.fields.Incident_Key__c, recovered!.issueKey);
  });

  it('RCA stages whose sub-tasks were refused are created after the lease; a lost key is found by label, not duplicated', async () => {
    const { h, deps } = rig;
    const [incident] = await listTrackedIncidents(h.db.knex);
    const key = incident!.issueKey!;
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Investigating' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Resolved' });
    deps.config.jira.subtaskType = 'No Such Type';
    const refused = await runIncidentWatch(h.context, deps);
    assert.deepEqual([refused.resolved, refused.rcaCreated], [[key], []]);
    deps.config.jira.subtaskType = 'Sub-task';
    await pastLease();
    const created = await runIncidentWatch(h.context, deps);
    assert.equal(created.rcaCreated.length, 2);
    const stages = await listRcaStages(h.db.knex, [incident!.id]);
    assert.deepEqual(stages.map((s) => s.issueKey).sort(), [...created.rcaCreated].sort());

    // The key of one stage is lost (as if the process died between create and record).
    await h.db.knex('rca_stages').where({ id: stages[0]!.id }).update({ issue_key: null });
    await pastLease();
    const found = await runIncidentWatch(h.context, deps);
    assert.deepEqual(found.rcaCreated, [stages[0]!.issueKey]);
    const issue = (await deps.issues!.getIssues([key]))[0]!;
    assert.equal((issue.fields.subtasks as unknown[]).length, 2, 'still two sub-tasks');
  });
});

/** warn mode: closing an incident with open sub-tasks is left closed, with a warning comment. */
import assert from 'node:assert/strict';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { runIncidentWatch } from '../../../src/engine/incidents/watch-incidents.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { useIncidentRig } from './given-incidents.js';

describe('incident close guard in warn mode (sandbox)', function () {
  this.timeout(60_000);
  const rig = useIncidentRig('incidents_warn', {
    config: (c) => {
      c.rca.closeWithOpenSubtasks = 'warn';
    },
  });

  it('leaves the incident closed, comments the open sub-tasks, and records it as closed', async () => {
    const { h, deps } = rig;
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Login broken for everyone', Status: 'New', Priority: 'P1', Topic__c: 'account_access' } });
    await syncCases(h.context, [id]);
    const [incident] = await listTrackedIncidents(h.db.knex);
    const key = incident!.issueKey!;
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Investigating' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Resolved' });
    assert.equal((await runIncidentWatch(h.context, deps)).rcaCreated.length, 2);
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Closed' });
    const outcome = await runIncidentWatch(h.context, deps);
    assert.deepEqual([outcome.reverted, outcome.warned, outcome.closed], [[], [key], [key]]);
    assert.equal((await deps.issues!.getIssues([key]))[0]!.status, 'Closed');
    const comments = await deps.issues!.listComments(key);
    assert.match(comments.at(-1)!.body, /^Warning from casebridge: this incident was closed while sub-tasks are still open \(INC-\d+, INC-\d+\)/);
    const [closed] = await listTrackedIncidents(h.db.knex);
    assert.ok(closed!.closedAt);
    const again = await runIncidentWatch(h.context, deps);
    assert.deepEqual(again.warned, [], 'a closed incident is not watched (nor warned about) again');
  });
});

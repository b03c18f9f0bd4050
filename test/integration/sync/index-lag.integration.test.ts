/**
 * Jira's search index lags behind writes (8 s here): a pass reads the issues casebridge knows
 * consistently (`reconcileIssues` with their ids), so an issue created or changed a moment ago is
 * seen as it is, within the lag: the key is written back in the pass that created the issue, and
 * a developer's transition reaches the case in the next pass, not only once the index caught up.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('Jira search index lag', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    h = await givenSyncHarness('sync_index_lag', { fakeSleep: true });
    const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jira: { searchIndexLagMs: 8_000 } }) });
    assert.equal(response.status, 200);
  });
  after(() => h?.close());

  async function readCases(ids: string[]): Promise<Array<{ Id: string; Jira_Key__c: string | null; Jira_Status__c: string | null }>> {
    const query = `SELECT Id, Jira_Key__c, Jira_Status__c FROM Case WHERE Id IN (${ids.map((id) => `'${id}'`).join(',')})`;
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } });
    return ((await response.json()) as { records: Array<{ Id: string; Jira_Key__c: string | null; Jira_Status__c: string | null }> }).records;
  }

  it('sees issues created and changed within the lag', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Lagging ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } })).id);
    const started = Date.now();
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    const created = await readCases(ids);
    assert.ok(
      created.every((c) => c.Jira_Key__c && c.Jira_Status__c === 'Escalated: queued in Jira'),
      JSON.stringify(created),
    );

    for (const record of created) await h.actJira({ type: 'transition', issueKey: record.Jira_Key__c, toStatus: 'In Progress' });
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    assert.ok(Date.now() - started < 8_000, 'all of it happened within the index lag (the test would prove nothing otherwise)');
    const moved = await readCases(ids);
    assert.deepEqual(
      moved.map((c) => c.Jira_Status__c),
      ['In development', 'In development', 'In development'],
    );
    assert.deepEqual(await listDeadLetters(h.db.knex), []);
  });
});

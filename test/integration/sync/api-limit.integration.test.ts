/**
 * Salesforce's daily API limit (REQUEST_LIMIT_EXCEEDED) runs out mid-pass: the work is kept, not
 * burned through its attempts into dead letters, and completes once the limit frees, with still
 * exactly one issue per case.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('an exhausted API limit', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    h = await givenSyncHarness('sync_api_limit', { fakeSleep: true, rateLimitDeferMs: 300 });
  });
  after(() => h?.close());

  const setFaults = (body: unknown) => fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('keeps the work until the window frees, then finishes it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Limit day ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'rider_app' } })).id);
    // Enough for the poll and the read of the cases (their comments come with them), not for writing the keys back.
    await setFaults({ dailyApiLimit: { salesforce: 2 } });
    await h.engine.pollOnce();
    await h.engine.drain();
    assert.ok(h.engine.stats.deferredForLimits >= 5, `deferred: ${h.engine.stats.deferredForLimits}`);
    assert.deepEqual(await listDeadLetters(h.db.knex), [], 'nothing went to dead letters');

    await setFaults({ dailyApiLimit: { salesforce: 1_000_000 } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await h.engine.drain();
    const cases = await h.context.cases.getCases(ids, ['Jira_Key__c']);
    assert.equal(cases.filter((c) => c.fields.Jira_Key__c).length, 5, 'every case got its key once the limit freed');
    const issues = await h.context.issues.findIssuesByLabels(ids.map((id) => `sfcase-${id}`));
    assert.equal(issues.length, 5, 'one issue per case');
  });
});

/**
 * Salesforce calls per push-path batch: the pass reads the case comments with the cases (a
 * CaseComments subquery), so a batch with nothing to post to Salesforce makes 2 calls (read, update);
 * one with a Jira comment to post lists that case's comments again, under the claim, and posts it once.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('push pass Salesforce calls per batch', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  const ids: string[] = [];
  let keys: string[] = [];

  before(async () => {
    h = await givenSyncHarness('sync_push_calls');
    for (let i = 0; i < 3; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Counted ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'rider_app' } })).id);
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    keys = (await h.db.knex('links').whereIn('case_id', ids).andWhere({ state: 'linked' }).select('issue_key')).map((l: { issue_key: string }) => l.issue_key);
  });
  after(() => h?.close());

  /** Queues the issues' changes, runs one batch, and answers the Salesforce calls it made per route. */
  async function pushAndCountSalesforceCalls(): Promise<Record<string, number>> {
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    await h.engine.enqueueIssues(keys);
    await h.engine.drain();
    const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as { salesforce: { calls: Record<string, number> } };
    return stats.salesforce.calls;
  }

  async function readCases(soqlFields: string): Promise<Array<Record<string, unknown>>> {
    const query = `SELECT ${soqlFields} FROM Case WHERE Id IN (${ids.map((id) => `'${id}'`).join(',')})`;
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } });
    return ((await response.json()) as { records: Array<Record<string, unknown>> }).records;
  }

  it('reads the cases with their comments and updates them: 2 calls for a batch with nothing to post', async () => {
    assert.equal(keys.length, 3, 'every case got its issue');
    for (const issueKey of keys) await h.actJira({ type: 'transition', issueKey, toStatus: 'In Progress' });
    const calls = await pushAndCountSalesforceCalls();
    assert.deepEqual(calls, { 'GET /services/data/v62.0/query': 1, 'PATCH /services/data/v62.0/composite/sobjects': 1 });
    assert.deepEqual(
      (await readCases('Jira_Status__c')).map((r) => r.Jira_Status__c),
      ['In development', 'In development', 'In development'],
    );
  });

  it('lists the comments again only when a Jira comment is to be posted, and posts it once', async () => {
    for (const issueKey of keys) await h.actJira({ type: 'transition', issueKey, toStatus: 'In Review' });
    await h.actJira({ type: 'comment', issueKey: keys[0], body: '#customer The fix ships tonight.' });
    const calls = await pushAndCountSalesforceCalls();
    assert.deepEqual(calls, { 'GET /services/data/v62.0/query': 2, 'PATCH /services/data/v62.0/composite/sobjects': 1, 'POST /services/data/v62.0/composite/sobjects': 1 });
    const caseId = (await h.db.knex('links').where({ issue_key: keys[0], state: 'linked' }).first('case_id')).case_id as string;
    const query = `SELECT CommentBody FROM CaseComment WHERE ParentId = '${caseId}'`;
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } });
    const comments = ((await response.json()) as { records: Array<{ CommentBody: string }> }).records;
    assert.equal(comments.filter((c) => c.CommentBody.includes('The fix ships tonight.')).length, 1, JSON.stringify(comments));
    // Nothing new to post: the next batch is back to 2 calls.
    for (const issueKey of keys) await h.actJira({ type: 'transition', issueKey, toStatus: 'Done' });
    assert.deepEqual(await pushAndCountSalesforceCalls(), { 'GET /services/data/v62.0/query': 1, 'PATCH /services/data/v62.0/composite/sobjects': 1 });
  });
});

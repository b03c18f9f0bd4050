/**
 * The push path's pass (a developer moved linked issues) reads the cases and the issues side by side:
 * with 150 ms on every API call, the Jira read starts before the Salesforce read has answered, so
 * a change reaches its case one API latency sooner. A pass that creates issues still reads the new
 * ones after creating them. The case comments are listed while the case update is out, and a
 * Jira comment is written to the case only once that update has answered.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { recordSpans } from '../../helpers/port-spans.js';
import type { CallSpan } from '../../helpers/port-spans.js';

describe('push pass reads both sides at once', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  const spans: CallSpan[] = [];
  // The pairs the first test linked, for the second.
  let pairKeys: string[] = [];
  let pairIds: string[] = [];

  before(async () => {
    h = await givenSyncHarness('sync_push_reads');
    recordSpans(spans, 'cases', h.context.cases, 'getCasesWithComments');
    recordSpans(spans, 'issues', h.context.issues, 'getIssues');
    recordSpans(spans, 'caseUpdate', h.context.cases, 'updateCases');
    recordSpans(spans, 'caseComments', h.context.cases, 'listComments');
    recordSpans(spans, 'caseCommentWrite', h.context.cases, 'createComments');
  });
  after(() => h?.close());

  /** Queues the issues' changes and runs the pass with 150 ms on every call (plus `extraRules`), then no latency. */
  async function pushWithLatency(issueKeys: string[], extraRules: object[] = []): Promise<void> {
    await setLatency(150, extraRules);
    try {
      await h.engine.enqueueIssues(issueKeys);
      await h.engine.drain();
    } finally {
      await setLatency(0);
    }
  }

  async function setLatency(latencyMs: number, extraRules: object[] = []): Promise<void> {
    const rules = latencyMs === 0 ? [] : [{ system: 'salesforce', latencyMs }, { system: 'jira', latencyMs }, ...extraRules];
    const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    assert.equal(response.status, 200, await response.text());
  }

  it('starts the Jira read before the Salesforce read answers, and the change reaches every case', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Pushed ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'rider_app' } })).id);
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    const links = await h.db.knex('links').whereIn('case_id', ids).andWhere({ state: 'linked' }).select('issue_key');
    const keys = links.map((l: { issue_key: string }) => l.issue_key);
    assert.equal(keys.length, 4, 'every case got its issue');
    const createPass = spans.splice(0);
    // A creating pass reads the issues it created only after creating them.
    const firstCaseRead = createPass.find((s) => s.call === 'cases')!;
    assert.ok(
      createPass.filter((s) => s.call === 'issues').every((s) => s.startMs >= firstCaseRead.endMs),
      JSON.stringify(createPass),
    );

    for (const issueKey of keys) await h.actJira({ type: 'transition', issueKey, toStatus: 'In Progress' });
    await pushWithLatency(keys);
    const caseRead = spans.find((s) => s.call === 'cases');
    const issueRead = spans.find((s) => s.call === 'issues');
    assert.ok(caseRead && issueRead, JSON.stringify(spans));
    assert.equal(issueRead.records, 4);
    assert.ok(issueRead.startMs < caseRead.endMs, `the issue read started ${Math.round(issueRead.startMs - caseRead.endMs)} ms after the case read ended`);
    assert.equal(spans.filter((s) => s.call === 'issues').length, 1, 'the linked issues are read once');
    const query = `SELECT Id, Jira_Status__c FROM Case WHERE Id IN (${ids.map((id) => `'${id}'`).join(',')})`;
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } });
    const records = ((await response.json()) as { records: Array<{ Jira_Status__c: string | null }> }).records;
    assert.deepEqual(
      records.map((r) => r.Jira_Status__c),
      ['In development', 'In development', 'In development', 'In development'],
    );
    pairKeys = keys;
    pairIds = ids;
  });

  it('lists the case comments while the case update is out, and writes a comment only after it', async () => {
    assert.equal(pairKeys.length, 4, 'the first test linked the pairs');
    for (const issueKey of pairKeys) await h.actJira({ type: 'transition', issueKey, toStatus: 'In Review' });
    await h.actJira({ type: 'comment', issueKey: pairKeys[0], body: '#customer Fixed in the 4.2 build, please ask the rider to update.' });
    spans.splice(0);
    // The case update answers well after the comment list, so a comment written before it answered shows.
    await pushWithLatency(pairKeys, [{ system: 'salesforce', route: 'PATCH *composite/sobjects', latencyMs: 300 }]);
    const update = spans.find((s) => s.call === 'caseUpdate');
    const list = spans.find((s) => s.call === 'caseComments');
    const write = spans.find((s) => s.call === 'caseCommentWrite');
    assert.ok(update && list && write, JSON.stringify(spans));
    assert.ok(list.startMs < update.endMs, `the comment list started ${Math.round(list.startMs - update.endMs)} ms after the case update answered`);
    assert.ok(write.startMs >= update.endMs, 'no comment written while the case update was out');
    const query = `SELECT ParentId, CommentBody FROM CaseComment WHERE ParentId = '${pairIds[0]}'`;
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } });
    const comments = ((await response.json()) as { records: Array<{ CommentBody: string }> }).records;
    assert.equal(comments.filter((c) => c.CommentBody.includes('Fixed in the 4.2 build')).length, 1, JSON.stringify(comments));
  });
});

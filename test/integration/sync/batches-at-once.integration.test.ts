/**
 * `engine.batchesAtOnce: 2`: one process runs two batches of a queue at the same time (a change
 * arriving while a batch is out need not wait for it), and no record is in both at once.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';
import { recordSpans, waitForLinkedCases } from '../../helpers/port-spans.js';
import type { CallSpan } from '../../helpers/port-spans.js';

/**
 * The first batch's Salesforce read waits (up to 5 s) until a second read begins: how long the
 * second worker takes to start (a poll, the gather window, a busy machine) cannot end the first read
 * before it, so the overlap shows whether a second batch ran, not how quickly. One worker alone
 * would wait out the 5 s and read after it.
 */
function holdFirstReadForASecond(h: SyncHarness): void {
  const cases = h.context.cases;
  assert.ok(cases.getCasesWithComments, 'the Salesforce adapter reads cases with their comments');
  const original = cases.getCasesWithComments.bind(cases);
  let reads = 0;
  let secondBegan!: () => void;
  const second = new Promise<void>((resolve) => (secondBegan = resolve));
  cases.getCasesWithComments = async (...args) => {
    reads += 1;
    if (reads === 1) await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    else secondBegan();
    return original(...args);
  };
}

describe('two batches at once in one process', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  const spans: CallSpan[] = [];

  before(async () => {
    const config = givenSyncConfig();
    config.engine.batchesAtOnce = 2;
    h = await givenSyncHarness('sync_batches_at_once', { config, batchSize: 3 });
    holdFirstReadForASecond(h);
    recordSpans(spans, 'cases', h.context.cases, 'getCasesWithComments');
  });
  after(() => h?.close());

  it('overlaps two batches of different cases, and every case gets one issue', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Parallel ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } })).id);
    const faults = await fetch(`${h.running.url}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ system: 'salesforce', latencyMs: 200 }] }),
    });
    assert.equal(faults.status, 200);
    await h.engine.startWorkers();
    await h.engine.enqueueCases(ids);
    assert.equal(await waitForLinkedCases(h.db.knex, ids), ids.length, 'every case linked');

    const overlapping = spans.flatMap((a, i) =>
      spans
        .slice(i + 1)
        .filter((b) => a.startMs < b.endMs && b.startMs < a.endMs)
        .map((b) => [a, b] as const),
    );
    assert.ok(overlapping.length > 0, `two batches ran at the same time: ${JSON.stringify(spans)}`);
    for (const [a, b] of overlapping)
      assert.deepEqual(
        a.ids.filter((id) => b.ids.includes(id)),
        [],
        'no case in two batches at once',
      );
    // Jira's side, read directly: one issue carries each case's label (topic driver_app: project DRV).
    const response = await fetch(`${h.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dGVzdDp0ZXN0' },
      body: JSON.stringify({ jql: 'project = DRV ORDER BY key ASC', fields: ['labels'], maxResults: 100 }),
    });
    const labels = ((await response.json()) as { issues: Array<{ fields: { labels: string[] } }> }).issues.flatMap((i) => i.fields.labels);
    assert.deepEqual(
      ids.map((id) => labels.filter((label) => label === `sfcase-${id}`).length),
      ids.map(() => 1),
      'one issue per case',
    );
  });
});

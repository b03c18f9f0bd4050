/**
 * A worker that finished a batch with more jobs queued takes the next batch at once. pg-boss 10
 * waits out the rest of its 1 s poll interval after every batch, so a backlog queued in one go
 * (a burst, a poll that found many changes) went at one batch a second however fast the batches.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { recordSpans, waitForLinkedCases } from '../../helpers/port-spans.js';
import type { CallSpan } from '../../helpers/port-spans.js';

describe('worker pickup after a batch', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  const spans: CallSpan[] = [];

  before(async () => {
    h = await givenSyncHarness('sync_worker_pickup', { batchSize: 3 });
    recordSpans(spans, 'cases', h.context.cases, 'getCasesWithComments');
  });
  after(() => h?.close());

  it('starts the next batch of a backlog well within the poll interval', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Backlog ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: 'payments_billing' } })).id);
    await h.engine.startWorkers();
    // One insert and one wake-up for the whole backlog, as a poll queues what it found.
    await h.engine.enqueueCases(ids);
    assert.equal(await waitForLinkedCases(h.db.knex, ids), ids.length, 'every case linked');
    assert.ok(spans.length >= 4, `batches of 3: ${spans.length} case reads`);
    const gaps = spans.slice(1).map((span, i) => Math.round(span.startMs - spans[i]!.endMs));
    // The poll interval is 1 s; without the immediate look-again each gap is most of it.
    assert.ok(
      gaps.every((gap) => gap < 500),
      `gaps between one batch's case read and the next, ms: ${gaps.join(', ')}`,
    );
  });
});

/**
 * Under steady load a worker's batches are `engine.gatherMs` apart, not one batch's time apart:
 * after a partial batch it waits for the wake-up that comes gatherMs after the first job queued
 * meanwhile, so batches grow with the load. Looking again at once after every batch made batch =
 * rate × batch time whatever gatherMs said (the push bench's 16 changes a batch at 100/s).
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';
import { recordSpans } from '../../helpers/port-spans.js';
import type { CallSpan } from '../../helpers/port-spans.js';

const GATHER_MS = 400;
const CASES = 48;
const EVERY_MS = 25;

describe('gather window under steady load', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  const spans: CallSpan[] = [];
  const ids: string[] = [];

  before(async () => {
    const config = givenSyncConfig();
    config.engine.gatherMs = GATHER_MS;
    h = await givenSyncHarness('sync_gather_window', { config });
    for (let i = 0; i < CASES; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Steady ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: 'payments_billing' } })).id);
    // Mirrored beforehand, so the timed passes below are reads of linked pairs.
    await h.settle();
    recordSpans(spans, 'cases', h.context.cases, 'getCasesWithComments');
  });
  after(() => h?.close());

  it('takes a batch when its oldest job is gatherMs old, so batches grow with the load', async () => {
    await h.engine.startWorkers();
    const queuedAtMs = new Map<string, number>();
    const startedMs = performance.now();
    for (const [index, id] of ids.entries()) {
      const dueMs = startedMs + index * EVERY_MS;
      if (dueMs > performance.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - performance.now()));
      queuedAtMs.set(id, performance.now());
      await h.engine.enqueueCases([id]);
    }
    const readOnce = () => new Set(spans.flatMap((span) => span.ids));
    const deadline = Date.now() + 20_000;
    while (readOnce().size < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(readOnce().size, ids.length, 'every queued case read by a batch');

    const starts = spans.map((span) => Math.round(span.startMs));
    const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
    const detail = `batches of ${spans.map((s) => s.records).join(', ')}; gaps between batch starts, ms: ${gaps.join(', ')}`;
    // Without the window a batch here takes tens of ms, so a look-again-at-once worker reads every few jobs.
    assert.ok(
      gaps.every((gap) => gap >= GATHER_MS * 0.8),
      detail,
    );
    // 48 jobs over 1.2 s in windows of 0.4 s: 3 to 5 batches (the first job of a window waits it out alone).
    assert.ok(spans.length <= 5, detail);
    // And no job waits much past its window: not for the 1 s poll, nor for the next window.
    for (const span of spans)
      for (const id of span.ids) {
        const waitedMs = span.startMs - queuedAtMs.get(id)!;
        assert.ok(waitedMs < GATHER_MS + 350, `case ${id} waited ${Math.round(waitedMs)} ms for its batch (${detail})`);
      }
  });
});

/** The backfill counts what it will examine first (`SELECT COUNT()` on the sandbox org) and reports it with every batch. */
import assert from 'node:assert/strict';
import { runBackfill } from '../../../src/engine/backfill.js';
import type { BackfillSummary } from '../../../src/engine/backfill.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('backfill total', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  before(async () => {
    h = await givenSyncHarness('backfill_total');
    for (let i = 0; i < 7; i++) await h.actSalesforce({ action: 'createCase', fields: { Subject: `Old case ${i}`, Status: 'New', Priority: 'P4' } });
  });
  after(() => h?.close());

  it('counts the cases changed since the date and reports the total with each batch', async () => {
    assert.equal(await h.context.cases.countChangedCases!(new Date('2000-01-01')), 7);
    assert.equal(await h.context.cases.countChangedCases!(new Date(Date.now() + 86_400_000)), 0);
    const seen: BackfillSummary[] = [];
    const summary = await runBackfill(h.context, { since: new Date('2000-01-01'), dryRun: true, batchSize: 3, onProgress: (s) => seen.push(s) });
    assert.equal(summary.total, 7);
    assert.deepEqual(
      seen.map((s) => [s.examined, s.total]),
      [
        [3, 7],
        [6, 7],
        [7, 7],
      ],
    );
  });
});

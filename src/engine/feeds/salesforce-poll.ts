/**
 * The Salesforce change feed by polling: cases whose SystemModstamp is at or after the cursor
 * minus an overlap window (late commits become visible out of order), de-duplicated by
 * (Id, SystemModstamp) so the overlap does not enqueue the same change twice.
 */
import { advanceCursor, getCursor } from '../../adapters/store/cursors.js';
import { getSnapshots, upsertSnapshots } from '../../adapters/store/snapshots.js';
import type { EngineContext } from '../context.js';

export const SALESFORCE_CURSOR = 'salesforce.cases';
const SEEN_SNAPSHOT = '$seenModstamp';

/** Reads changes since the cursor and hands new ones to `enqueue`; returns how many it enqueued. */
export async function pollSalesforce(ctx: EngineContext, enqueue: (caseIds: string[]) => Promise<void>, options: { initialSince?: Date } = {}): Promise<number> {
  const cursor = await getCursor(ctx.db, SALESFORCE_CURSOR);
  const since = cursor ? new Date(Date.parse(cursor) - ctx.config.salesforce.pollOverlapSeconds * 1000) : options.initialSince ?? new Date(0);
  let enqueued = 0;
  for await (const page of ctx.cases.listChangedCases(since, [])) {
    const seen = await getSnapshots(ctx.db, 'salesforce', page.map((c) => c.id));
    const fresh = page.filter((c) => seen.get(c.id)?.get(SEEN_SNAPSHOT)?.value !== c.systemModstamp);
    if (fresh.length > 0) {
      await enqueue(fresh.map((c) => c.id));
      await upsertSnapshots(ctx.db, fresh.map((c) => ({ system: 'salesforce' as const, objectId: c.id, field: SEEN_SNAPSHOT, value: c.systemModstamp, sourceUpdatedAt: new Date(c.systemModstamp), writtenByUs: false })));
      enqueued += fresh.length;
    }
    const newest = page.at(-1);
    // Moved only after the page is safely queued: a crash re-reads, never skips.
    if (newest) await advanceCursor(ctx.db, SALESFORCE_CURSOR, new Date(newest.systemModstamp).toISOString());
  }
  return enqueued;
}

/**
 * The Salesforce change feed by polling: cases whose SystemModstamp is at or after the cursor
 * minus an overlap window (late commits become visible out of order), de-duplicated by
 * (Id, SystemModstamp) so the overlap does not enqueue the same change twice.
 */
import { advanceCursor, getCursor } from '../../adapters/store/cursors.js';
import { getSnapshots, upsertSnapshots } from '../../adapters/store/snapshots.js';
import type { EngineContext } from '../context.js';
import { fingerprintFields, passCaseFields } from '../read-fields.js';
import { findSalesforceUserId } from '../identities.js';

export const SALESFORCE_CURSOR = 'salesforce.cases';
const SEEN_SNAPSHOT = '$seenModstamp';
/** Fingerprint of a case's synced fields right after casebridge wrote it. */
export const OWN_WRITE_SNAPSHOT = '$ownWrite';

/** Reads changes since the cursor and hands new ones to `enqueue`; returns how many it enqueued. */
export async function pollSalesforce(ctx: EngineContext, enqueue: (caseIds: string[]) => Promise<void>, options: { initialSince?: Date } = {}): Promise<number> {
  const cursor = await getCursor(ctx.db, SALESFORCE_CURSOR);
  const since = cursor ? new Date(Date.parse(cursor) - ctx.config.salesforce.pollOverlapSeconds * 1000) : options.initialSince ?? new Date(0);
  let enqueued = 0;
  // The same fields a pass reads: a page costs the same calls, and our own writes can be recognised.
  const fields = passCaseFields(ctx);
  const integrationUserId = await findSalesforceUserId(ctx);
  for await (const page of ctx.cases.listChangedCases(since, fields)) {
    const seen = await getSnapshots(ctx.db, 'salesforce', page.map((c) => c.id));
    const fresh = page.filter((c) => {
      const known = seen.get(c.id);
      if (known?.get(SEEN_SNAPSHOT)?.value === c.systemModstamp) return false;
      // Last written by us and every synced field as we left it: our own write-back, nothing to do.
      const ownWrite = c.lastModifiedById === integrationUserId && known?.get(OWN_WRITE_SNAPSHOT)?.value === fingerprintFields(c.fields, fields);
      return !ownWrite;
    });
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

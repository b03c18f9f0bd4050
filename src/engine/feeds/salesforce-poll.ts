/**
 * The Salesforce change feed by polling: cases whose SystemModstamp is at or after the cursor
 * minus an overlap window (late commits become visible out of order), de-duplicated by
 * (Id, SystemModstamp, synced fields) so the overlap does not enqueue the same change twice.
 * Salesforce keeps SystemModstamp to the whole second, so a later change in the same second keeps
 * the stamp (a comment, say, changes no synced field): a sighting only counts as seen once its
 * second is over (SETTLED_AFTER_MS). Stamps that carry milliseconds come from a store with finer
 * stamps (the sandbox by default), where a sighting is final at once.
 */
import { createHash } from 'node:crypto';
import { advanceCursor, getCursor } from '../../adapters/store/cursors.js';
import { getSnapshots, upsertSnapshots } from '../../adapters/store/snapshots.js';
import type { EngineContext } from '../context.js';
import { fingerprintFields, passCaseFields } from '../read-fields.js';
import { findSalesforceUserId } from '../identities.js';
import type { CaseRecord } from '../../domain/sync/records.js';

export const SALESFORCE_CURSOR = 'salesforce.cases';
const SEEN_SNAPSHOT = '$seenModstamp';
/** Fingerprint of a case's synced fields right after casebridge wrote it. */
export const OWN_WRITE_SNAPSHOT = '$ownWrite';
/** How long after its (whole-second) stamp a case version is final: the second itself plus 1 s of clock skew. */
const SETTLED_AFTER_MS = 2000;

/** Reads changes since the cursor and hands new ones to `enqueue`; returns how many it enqueued. */
export async function pollSalesforce(ctx: EngineContext, enqueue: (caseIds: string[]) => Promise<void>, options: { initialSince?: Date; now?: () => Date } = {}): Promise<number> {
  const cursor = await getCursor(ctx.db, SALESFORCE_CURSOR);
  const since = cursor ? new Date(Date.parse(cursor) - ctx.config.salesforce.pollOverlapSeconds * 1000) : (options.initialSince ?? new Date(0));
  let enqueued = 0;
  // The same fields a pass reads: a page costs the same calls, and our own writes can be recognised.
  const fields = passCaseFields(ctx);
  const integrationUserId = await findSalesforceUserId(ctx);
  const seenValue = (c: CaseRecord): string => `${c.systemModstamp} ${createHash('sha256').update(fingerprintFields(c.fields, fields)).digest('base64url')}`;
  for await (const page of ctx.cases.listChangedCases(since, fields)) {
    const seen = await getSnapshots(
      ctx.db,
      'salesforce',
      page.map((c) => c.id),
    );
    const fresh = page.filter((c) => {
      const known = seen.get(c.id);
      if (known?.get(SEEN_SNAPSHOT)?.value === seenValue(c)) return false;
      // Last written by us and every synced field as we left it: our own write-back, nothing to do.
      const ownWrite = c.lastModifiedById === integrationUserId && known?.get(OWN_WRITE_SNAPSHOT)?.value === fingerprintFields(c.fields, fields);
      return !ownWrite;
    });
    if (fresh.length > 0) {
      await enqueue(fresh.map((c) => c.id));
      const nowMs = (options.now?.() ?? new Date()).getTime();
      const wholeSeconds = page.every((c) => Date.parse(c.systemModstamp) % 1000 === 0);
      const settled = wholeSeconds ? fresh.filter((c) => nowMs - Date.parse(c.systemModstamp) >= SETTLED_AFTER_MS) : fresh;
      await upsertSnapshots(
        ctx.db,
        settled.map((c) => ({ system: 'salesforce' as const, objectId: c.id, field: SEEN_SNAPSHOT, value: seenValue(c), sourceUpdatedAt: new Date(c.systemModstamp), writtenByUs: false })),
      );
      enqueued += fresh.length;
    }
    const newest = page.at(-1);
    // Moved only after the page is safely queued: a crash re-reads, never skips.
    if (newest) await advanceCursor(ctx.db, SALESFORCE_CURSOR, new Date(newest.systemModstamp).toISOString());
  }
  return enqueued;
}

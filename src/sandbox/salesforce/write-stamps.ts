/**
 * What the org itself sets on a record it writes, besides the values sent: a fresh record's field
 * defaults, the audit fields of the acting user at the org's date-time precision (to the
 * millisecond, or cut to the whole second as a real org stores them), and a case's IsClosed and
 * ClosedDate. Apart from store.ts, which keeps the tables and decides when each applies.
 */
import type { SfObjectDef } from './schema.js';
import { CLOSED_STATUSES } from './sobject-defs.js';
import { toWholeSecond } from './datetime.js';
import type { SfRecord } from './validate.js';

/** The org's clock and date-time precision. */
export interface OrgClock {
  now: () => Date;
  /** Whether date-times are stored cut to the whole second, as in a real org (default: to the millisecond). */
  wholeSecondTimestamps?: () => boolean;
}

/** The audit stamp of a write made now, at the org's date-time precision. */
export function stampNow(clock: OrgClock): number {
  const nowMs = clock.now().getTime();
  return clock.wholeSecondTimestamps?.() ? toWholeSecond(nowMs) : nowMs;
}

/** Written date-time values at the org's precision (`values` is changed in place and returned). */
export function toOrgPrecision(clock: OrgClock, def: SfObjectDef, values: SfRecord): SfRecord {
  if (!clock.wholeSecondTimestamps?.()) return values;
  for (const field of def.fields) {
    const value = values[field.name];
    if (field.type === 'datetime' && typeof value === 'number') values[field.name] = toWholeSecond(value);
  }
  return values;
}

/** A new record before its values: every field at its default, booleans false, the rest null. */
export function blankRecord(def: SfObjectDef): SfRecord {
  const row: SfRecord = {};
  for (const field of def.fields) row[field.name] = field.defaultValue ?? (field.type === 'boolean' ? false : null);
  return row;
}

/** The fields every write sets: who last modified the record, and when. */
export function modifiedStamp(actorId: string, nowMs: number): SfRecord {
  return { LastModifiedDate: nowMs, LastModifiedById: actorId, SystemModstamp: nowMs };
}

/** IsClosed follows Status; ClosedDate is set when a case closes and cleared when it reopens. */
export function applyClosedState(row: SfRecord, previous: SfRecord | undefined, nowMs: number): void {
  const isClosed = CLOSED_STATUSES.includes(String(row.Status));
  const wasClosed = previous?.IsClosed === true;
  row.IsClosed = isClosed;
  if (isClosed && !wasClosed) row.ClosedDate = nowMs;
  if (!isClosed) row.ClosedDate = null;
}

/** `status_history`: status changes and agent replies per case, each stored once. */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export type HistoryEventType = 'status' | 'agentReply';

export interface HistoryEvent {
  caseId: string;
  at: Date;
  type: HistoryEventType;
  /** The new status for `status` events; null for agent replies. */
  value: string | null;
}

interface HistoryRow {
  case_id: string;
  at: Date;
  type: HistoryEventType;
  value: string | null;
}

export function toRow(event: HistoryEvent): HistoryRow {
  return { case_id: event.caseId, at: event.at, type: event.type, value: event.value };
}

export function fromRow(row: HistoryRow): HistoryEvent {
  return { caseId: row.case_id, at: toDate(row.at)!, type: row.type, value: row.value };
}

/** Appends events; an event already stored (same case, instant, type and value) is skipped. Returns how many were new. */
export async function appendHistory(db: Db, events: readonly HistoryEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  // NULLs never collide in a unique constraint, so agent replies store '' as their value.
  const rows = events.map((e) => ({ ...toRow(e), value: e.value ?? '' }));
  const inserted = await db('status_history').insert(rows).onConflict(['case_id', 'at', 'type', 'value']).ignore().returning('case_id');
  return inserted.length;
}

/** Every event of the given cases in time order, grouped by case. */
export async function getHistory(db: Db, caseIds: readonly string[]): Promise<Map<string, HistoryEvent[]>> {
  const result = new Map<string, HistoryEvent[]>();
  if (caseIds.length === 0) return result;
  const rows = await db<HistoryRow>('status_history')
    .whereIn('case_id', [...caseIds])
    .orderBy([{ column: 'case_id' }, { column: 'at' }, { column: 'id' }]);
  for (const row of rows) {
    const event = fromRow(row);
    if (event.type === 'agentReply') event.value = null;
    const list = result.get(event.caseId) ?? [];
    list.push(event);
    result.set(event.caseId, list);
  }
  return result;
}

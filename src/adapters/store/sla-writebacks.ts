/**
 * `sla_writebacks`: the SLA state and due time last written onto each case and Jira issue, so
 * only changes are written. A failed write leaves the row as it was, and the next pass or scan
 * tries again.
 */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export type WritebackTarget = 'case' | 'issue';

export interface SlaWriteback {
  target: WritebackTarget;
  /** Case id or Jira issue key. */
  objectId: string;
  state: string | null;
  dueAt: Date | null;
}

interface WritebackRow {
  target: WritebackTarget;
  object_id: string;
  state: string | null;
  due_at: Date | null;
}

export function fromRow(row: WritebackRow): SlaWriteback {
  return { target: row.target, objectId: row.object_id, state: row.state, dueAt: toDate(row.due_at) };
}

/** Last written values by object id, for one target. */
export async function getWritebacks(db: Db, target: WritebackTarget, objectIds: readonly string[]): Promise<Map<string, SlaWriteback>> {
  if (objectIds.length === 0) return new Map();
  const rows = await db<WritebackRow>('sla_writebacks')
    .where({ target })
    .whereIn('object_id', [...new Set(objectIds)]);
  return new Map(rows.map((row) => [row.object_id, fromRow(row)]));
}

export async function recordWritebacks(db: Db, writebacks: readonly SlaWriteback[]): Promise<void> {
  if (writebacks.length === 0) return;
  await db('sla_writebacks')
    .insert(writebacks.map((w) => ({ target: w.target, object_id: w.objectId, state: w.state, due_at: w.dueAt, written_at: db.fn.now() })))
    .onConflict(['target', 'object_id'])
    .merge();
}

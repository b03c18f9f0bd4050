/** `snapshots`: the last value synced per system, object and field (echo suppression, conflicts). */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export type SystemName = 'salesforce' | 'jira';

export interface Snapshot {
  system: SystemName;
  objectId: string;
  field: string;
  value: unknown;
  sourceUpdatedAt: Date | null;
  writtenByUs: boolean;
}

interface SnapshotRow {
  system: SystemName;
  object_id: string;
  field: string;
  value: unknown;
  source_updated_at: Date | null;
  written_by_us: boolean;
}

export function toRow(snapshot: Snapshot): SnapshotRow {
  return {
    system: snapshot.system,
    object_id: snapshot.objectId,
    field: snapshot.field,
    // jsonb: wrapped so that strings, numbers and null all round-trip as themselves
    value: JSON.stringify(snapshot.value ?? null),
    source_updated_at: snapshot.sourceUpdatedAt,
    written_by_us: snapshot.writtenByUs,
  };
}

export function fromRow(row: SnapshotRow): Snapshot {
  return {
    system: row.system,
    objectId: row.object_id,
    field: row.field,
    value: row.value,
    sourceUpdatedAt: toDate(row.source_updated_at),
    writtenByUs: row.written_by_us,
  };
}

/** All snapshots of some objects of one system, keyed `objectId` → `field` → snapshot. */
export async function getSnapshots(db: Db, system: SystemName, objectIds: readonly string[]): Promise<Map<string, Map<string, Snapshot>>> {
  const result = new Map<string, Map<string, Snapshot>>();
  if (objectIds.length === 0) return result;
  const rows = await db<SnapshotRow>('snapshots')
    .where({ system })
    .whereIn('object_id', [...objectIds]);
  for (const row of rows) {
    const snapshot = fromRow(row);
    let fields = result.get(snapshot.objectId);
    if (!fields) result.set(snapshot.objectId, (fields = new Map()));
    fields.set(snapshot.field, snapshot);
  }
  return result;
}

/**
 * Rows per statement: a backfill pass writes ~5,000 snapshots, and as one JSON text (~1 MB) the
 * parameter and pg's buffer for it were allocated in V8's old generation at once (objects over
 * 128 KB skip the young one), a large share of what made the heap grow during a backfill. 400 rows
 * stay well under that and are still one round trip per 400.
 */
const ROWS_PER_STATEMENT = 400;

/**
 * Inserts or replaces snapshots, in statements of {@link ROWS_PER_STATEMENT}. The rows travel as
 * one JSON parameter (`jsonb_to_recordset`) rather than six bound values each: compiling and
 * binding a statement of thousands of parameters cost more CPU than the write.
 */
export async function upsertSnapshots(db: Db, snapshots: readonly Snapshot[]): Promise<void> {
  for (let i = 0; i < snapshots.length; i += ROWS_PER_STATEMENT) await upsertSnapshotRows(db, snapshots.slice(i, i + ROWS_PER_STATEMENT));
}

async function upsertSnapshotRows(db: Db, snapshots: readonly Snapshot[]): Promise<void> {
  await db.raw(
    `INSERT INTO snapshots (system, object_id, field, value, source_updated_at, written_by_us, updated_at)
     SELECT r.system, r.object_id, r.field, r.value::jsonb, r.source_updated_at, r.written_by_us, now()
     FROM jsonb_to_recordset(?::jsonb) AS r(system text, object_id text, field text, value text, source_updated_at timestamptz, written_by_us boolean)
     ON CONFLICT (system, object_id, field) DO UPDATE SET value = excluded.value, source_updated_at = excluded.source_updated_at,
       written_by_us = excluded.written_by_us, updated_at = excluded.updated_at`,
    [JSON.stringify(snapshots.map(toRow))],
  );
}

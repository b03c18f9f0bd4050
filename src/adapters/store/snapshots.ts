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
 * Inserts or replaces snapshots in one statement. The rows travel as one JSON parameter
 * (`jsonb_to_recordset`) rather than six bound values each: a backfill pass writes thousands of
 * rows, and compiling and binding a statement of that many parameters cost more CPU than the write.
 */
export async function upsertSnapshots(db: Db, snapshots: readonly Snapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  await db.raw(
    `INSERT INTO snapshots (system, object_id, field, value, source_updated_at, written_by_us, updated_at)
     SELECT r.system, r.object_id, r.field, r.value::jsonb, r.source_updated_at, r.written_by_us, now()
     FROM jsonb_to_recordset(?::jsonb) AS r(system text, object_id text, field text, value text, source_updated_at timestamptz, written_by_us boolean)
     ON CONFLICT (system, object_id, field) DO UPDATE SET value = excluded.value, source_updated_at = excluded.source_updated_at,
       written_by_us = excluded.written_by_us, updated_at = excluded.updated_at`,
    [JSON.stringify(snapshots.map(toRow))],
  );
}

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

/** Inserts or replaces snapshots in one statement. */
export async function upsertSnapshots(db: Db, snapshots: readonly Snapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  await db('snapshots')
    .insert(snapshots.map((s) => ({ ...toRow(s), updated_at: db.fn.now() })))
    .onConflict(['system', 'object_id', 'field'])
    .merge();
}

/** `audit_log`: every write casebridge makes to an external system, with before and after. */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface AuditEntry {
  system: 'salesforce' | 'jira' | 'slack' | 'email' | 'casebridge';
  objectType: string;
  objectId: string | null;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  correlationId?: string | null;
  jobId?: string | null;
  note?: string | null;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  at: Date;
}

interface AuditRow {
  id?: string | number;
  at?: Date;
  system: string;
  object_type: string;
  object_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
  correlation_id: string | null;
  job_id: string | null;
  note: string | null;
}

export function toRow(entry: AuditEntry): AuditRow {
  return {
    system: entry.system,
    object_type: entry.objectType,
    object_id: entry.objectId,
    action: entry.action,
    before: entry.before ? JSON.stringify(entry.before) : null,
    after: entry.after ? JSON.stringify(entry.after) : null,
    correlation_id: entry.correlationId ?? null,
    job_id: entry.jobId ?? null,
    note: entry.note ?? null,
  };
}

export function fromRow(row: AuditRow): StoredAuditEntry {
  return {
    id: toId(row.id),
    at: toDate(row.at)!,
    system: row.system as AuditEntry['system'],
    objectType: row.object_type,
    objectId: row.object_id,
    action: row.action,
    before: row.before as unknown as Record<string, unknown> | null,
    after: row.after as unknown as Record<string, unknown> | null,
    correlationId: row.correlation_id,
    jobId: row.job_id,
    note: row.note,
  };
}

/** Rows per statement: one pass's audit as one JSON text went straight to V8's old generation (see snapshots.ts). */
const ROWS_PER_STATEMENT = 200;

export async function appendAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) await appendAuditRows(db, entries.slice(i, i + ROWS_PER_STATEMENT));
}

async function appendAuditRows(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  // One JSON parameter per statement (jsonb_to_recordset): no parameter limit, and no statement of
  // thousands of bound values to compile for a backfill pass. `before`/`after` travel as JSON text.
  await db.raw(
    `INSERT INTO audit_log (system, object_type, object_id, action, before, after, correlation_id, job_id, note)
     SELECT r.system, r.object_type, r.object_id, r.action, r.before::jsonb, r.after::jsonb, r.correlation_id, r.job_id, r.note
     FROM jsonb_to_recordset(?::jsonb) AS r(system text, object_type text, object_id text, action text, before text, after text, correlation_id text, job_id text, note text)`,
    [JSON.stringify(entries.map(toRow))],
  );
}

export async function listAudit(db: Db, filter: { objectId?: string; system?: string; limit?: number } = {}): Promise<StoredAuditEntry[]> {
  const query = db<AuditRow>('audit_log')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.objectId) query.where({ object_id: filter.objectId });
  if (filter.system) query.where({ system: filter.system });
  return (await query).map(fromRow);
}

/**
 * Entries of one object type for the given objects, newest first per object: what casebridge last
 * decided about each (e.g. the priority classification set). Chunked like `appendAudit`.
 */
export async function listAuditForObjects(db: Db, objectType: string, objectIds: readonly string[]): Promise<StoredAuditEntry[]> {
  const rows: AuditRow[] = [];
  for (let i = 0; i < objectIds.length; i += 500) {
    rows.push(
      ...(await db<AuditRow>('audit_log')
        .where({ object_type: objectType })
        .whereIn('object_id', objectIds.slice(i, i + 500))
        .orderBy('id', 'desc')),
    );
  }
  return rows.map(fromRow).sort((a, b) => b.id - a.id);
}

/** `incidents` and `rca_stages`: incidents opened from cases and their root-cause stages. */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface Incident {
  id: number;
  issueKey: string | null;
  service: string;
  severity: string;
  status: string;
  startedAt: Date;
  resolvedAt: Date | null;
  linkedCaseCount: number;
  corporateAccountsAffected: number;
}

interface IncidentRow {
  id: string | number;
  issue_key: string | null;
  service: string;
  severity: string;
  status: string;
  started_at: Date;
  resolved_at: Date | null;
  linked_case_count: number;
  corporate_accounts_affected: number;
}

export function fromRow(row: IncidentRow): Incident {
  return {
    id: toId(row.id),
    issueKey: row.issue_key,
    service: row.service,
    severity: row.severity,
    status: row.status,
    startedAt: toDate(row.started_at)!,
    resolvedAt: toDate(row.resolved_at),
    linkedCaseCount: row.linked_case_count,
    corporateAccountsAffected: row.corporate_accounts_affected,
  };
}

/**
 * Opens an incident for a service unless one is open already; the partial unique index makes
 * this safe when two workers race. Returns the open incident either way.
 */
export async function openIncidentOnce(db: Db, incident: { service: string; severity: string; status: string; startedAt: Date }): Promise<{ opened: boolean; incident: Incident }> {
  const rows = await db('incidents')
    .insert({ service: incident.service, severity: incident.severity, status: incident.status, started_at: incident.startedAt })
    .onConflict(db.raw('(service) WHERE resolved_at IS NULL') as unknown as string)
    .ignore()
    .returning('*');
  if (rows[0]) return { opened: true, incident: fromRow(rows[0] as IncidentRow) };
  const open = await db<IncidentRow>('incidents').where({ service: incident.service }).whereNull('resolved_at').first();
  if (!open) throw new Error(`open incident for ${incident.service} vanished between insert and read`);
  return { opened: false, incident: fromRow(open) };
}

export async function listIncidents(db: Db, options: { openOnly?: boolean } = {}): Promise<Incident[]> {
  const query = db<IncidentRow>('incidents').orderBy('id', 'desc');
  if (options.openOnly) query.whereNull('resolved_at');
  return (await query).map(fromRow);
}

export async function updateIncident(db: Db, id: number, changes: Partial<Pick<Incident, 'issueKey' | 'status' | 'resolvedAt' | 'linkedCaseCount' | 'corporateAccountsAffected'>>): Promise<void> {
  const row: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.issueKey !== undefined) row.issue_key = changes.issueKey;
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.resolvedAt !== undefined) row.resolved_at = changes.resolvedAt;
  if (changes.linkedCaseCount !== undefined) row.linked_case_count = changes.linkedCaseCount;
  if (changes.corporateAccountsAffected !== undefined) row.corporate_accounts_affected = changes.corporateAccountsAffected;
  await db('incidents').where({ id }).update(row);
}

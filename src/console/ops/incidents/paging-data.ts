/**
 * PagerDuty pages and monitoring alerts of incidents, when the alert-intake tables exist (they come
 * with PagerDuty paging; the pages work without them).
 */
import type { Knex } from 'knex';

export interface IncidentPage {
  incidentId: number;
  service: string;
  triggeredAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  lastError: string | null;
}

export interface IncidentAlert {
  incidentId: number;
  source: string;
  title: string;
  severity: string;
  firstFiredAt: Date;
  resolvedAt: Date | null;
}

const present = new Map<string, boolean>();

async function hasTable(db: Knex, table: string): Promise<boolean> {
  // Cached once seen: tables are only added by migrations, which run before the web role starts.
  if (present.get(table)) return true;
  const found = Boolean(((await db.raw('SELECT to_regclass(?) AS t', [table])) as { rows: Array<{ t: string | null }> }).rows[0]?.t);
  if (found) present.set(table, true);
  return found;
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export async function loadPages(db: Knex, incidentIds: readonly number[]): Promise<IncidentPage[]> {
  if (incidentIds.length === 0 || !(await hasTable(db, 'incident_pages'))) return [];
  const rows = (await db('incident_pages')
    .whereIn('incident_id', [...incidentIds])
    .orderBy('id')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    incidentId: Number(r.incident_id),
    service: String(r.service ?? ''),
    triggeredAt: toDate(r.triggered_at),
    acknowledgedAt: toDate(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    resolvedAt: toDate(r.resolved_at),
    lastError: (r.last_error as string | null) ?? null,
  }));
}

export async function loadAlerts(db: Knex, incidentIds: readonly number[]): Promise<IncidentAlert[]> {
  if (incidentIds.length === 0 || !(await hasTable(db, 'incident_alerts'))) return [];
  const rows = (await db('incident_alerts')
    .whereIn('incident_id', [...incidentIds])
    .orderBy('first_fired_at')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    incidentId: Number(r.incident_id),
    source: String(r.source ?? ''),
    title: String(r.title ?? ''),
    severity: String(r.severity ?? ''),
    firstFiredAt: toDate(r.first_fired_at)!,
    resolvedAt: toDate(r.resolved_at),
  }));
}

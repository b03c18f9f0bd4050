/**
 * `incident_cases`: every case casebridge has seen on a service (what a burst counts), the incident
 * it is linked to, and what the case was last told (key, status, resolution).
 */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface IncidentCase {
  caseId: string;
  service: string;
  caseCreatedAt: Date;
  accountId: string | null;
  tier: string | null;
  incidentId: number | null;
  linkedAt: Date | null;
  informedKey: string | null;
  informedStatus: string | null;
  resolutionInformedAt: Date | null;
}

interface IncidentCaseRow {
  case_id: string;
  service: string;
  case_created_at: Date;
  account_id: string | null;
  tier: string | null;
  incident_id: string | number | null;
  linked_at: Date | null;
  informed_key: string | null;
  informed_status: string | null;
  resolution_informed_at: Date | null;
}

function fromRow(row: IncidentCaseRow): IncidentCase {
  return {
    caseId: row.case_id,
    service: row.service,
    caseCreatedAt: toDate(row.case_created_at)!,
    accountId: row.account_id,
    tier: row.tier,
    incidentId: row.incident_id === null ? null : toId(row.incident_id),
    linkedAt: toDate(row.linked_at),
    informedKey: row.informed_key,
    informedStatus: row.informed_status,
    resolutionInformedAt: toDate(row.resolution_informed_at),
  };
}

/** Records cases seen on a service; a case seen before keeps its row. Returns the ids new to the table. */
export async function insertSeenCases(db: Db, cases: ReadonlyArray<{ caseId: string; service: string; caseCreatedAt: Date; accountId: string | null; tier: string | null }>): Promise<string[]> {
  if (cases.length === 0) return [];
  const rows = (await db('incident_cases')
    .insert(cases.map((c) => ({ case_id: c.caseId, service: c.service, case_created_at: c.caseCreatedAt, account_id: c.accountId, tier: c.tier })))
    .onConflict('case_id')
    .ignore()
    .returning('case_id')) as Array<{ case_id: string }>;
  return rows.map((r) => r.case_id);
}

/** Cases of a service created since `since` that belong to no incident (the burst count). */
export async function countUnlinkedSince(db: Db, service: string, since: Date): Promise<number> {
  const row = await db('incident_cases').where({ service }).whereNull('incident_id').andWhere('case_created_at', '>=', since).count<{ count: string | number }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** Links the service's unlinked cases created since `since` to an incident. Idempotent; returns the cases it linked. */
export async function linkUnlinkedCases(db: Db, service: string, since: Date, incidentId: number): Promise<string[]> {
  const rows = (await db('incident_cases')
    .where({ service })
    .whereNull('incident_id')
    .andWhere('case_created_at', '>=', since)
    .update({ incident_id: incidentId, linked_at: db.fn.now() })
    .returning('case_id')) as Array<{ case_id: string }>;
  return rows.map((r) => r.case_id);
}

/** Links one case to an incident (an agent typed its key), moving it from another incident if needed. */
export async function linkCaseTo(db: Db, caseId: string, incidentId: number): Promise<void> {
  await db('incident_cases').where({ case_id: caseId }).update({ incident_id: incidentId, linked_at: db.fn.now() });
}

export async function getIncidentCases(db: Db, caseIds: readonly string[]): Promise<IncidentCase[]> {
  if (caseIds.length === 0) return [];
  return (await db<IncidentCaseRow>('incident_cases').whereIn('case_id', [...caseIds])).map(fromRow);
}

export async function listCasesOfIncident(db: Db, incidentId: number): Promise<IncidentCase[]> {
  return (await db<IncidentCaseRow>('incident_cases').where({ incident_id: incidentId }).orderBy('case_id')).map(fromRow);
}

/** Linked-case counts per incident. */
export async function countCasesByIncident(db: Db, incidentIds: readonly number[]): Promise<Map<number, number>> {
  if (incidentIds.length === 0) return new Map();
  const rows = (await db('incident_cases')
    .whereIn('incident_id', [...incidentIds])
    .groupBy('incident_id')
    .select('incident_id')
    .count({ count: '*' })) as Array<{ incident_id: string | number; count: string | number }>;
  return new Map(rows.map((r) => [toId(r.incident_id), Number(r.count)]));
}

export async function markInformed(db: Db, caseIds: readonly string[], told: { key: string; status: string | null }): Promise<void> {
  if (caseIds.length === 0) return;
  await db('incident_cases')
    .whereIn('case_id', [...caseIds])
    .update({ informed_key: told.key, informed_status: told.status });
}

/**
 * Claims the incident's cases not yet told of its resolution: only the caller whose conditional
 * update flips them tells them, so two watchers never comment twice. Returns the claimed cases.
 */
export async function claimResolutionNotices(db: Db, incidentId: number, at: Date): Promise<IncidentCase[]> {
  const rows = (await db('incident_cases').where({ incident_id: incidentId }).whereNull('resolution_informed_at').update({ resolution_informed_at: at }).returning('*')) as IncidentCaseRow[];
  return rows.map(fromRow);
}

/** Gives back claimed cases whose write failed, so the next watch tries them again. */
export async function releaseResolutionNotices(db: Db, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db('incident_cases')
    .whereIn('case_id', [...caseIds])
    .update({ resolution_informed_at: null });
}

/** Links these cases to an incident unless they belong to one already; returns the cases it linked. */
export async function linkUnlinkedCaseIds(db: Db, caseIds: readonly string[], incidentId: number): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = (await db('incident_cases')
    .whereIn('case_id', [...caseIds])
    .whereNull('incident_id')
    .update({ incident_id: incidentId, linked_at: db.fn.now() })
    .returning('case_id')) as Array<{ case_id: string }>;
  return rows.map((r) => r.case_id);
}

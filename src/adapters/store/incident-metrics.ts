/**
 * The incident columns and tables stakeholder updates and metrics keep: global mode, the mitigation
 * time, open action sub-tasks, severity history, the moments observed in the histograms (each once,
 * whoever inserts its row observes it), when RCA stages were seen done, and the first signals
 * (linked cases, D's monitoring alerts) with their regions.
 */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';
import { fromTrackedRow } from './incident-tracking.js';
import type { TrackedIncident } from './incident-tracking.js';

export interface FollowedIncident extends TrackedIncident {
  isGlobal: boolean;
  globalAt: Date | null;
  mitigatedAt: Date | null;
  openActionSubtasks: string[];
  /** When the Global Incident Manager was added as a watcher of the Jira issue; null while still to do. */
  globalWatcherAt: Date | null;
}

type FollowedRow = Parameters<typeof fromTrackedRow>[0] & {
  is_global: boolean;
  global_at: Date | null;
  mitigated_at: Date | null;
  open_action_subtasks: string[] | string;
  global_watcher_at: Date | null;
};

function fromFollowedRow(row: FollowedRow): FollowedIncident {
  const subtasks = typeof row.open_action_subtasks === 'string' ? (JSON.parse(row.open_action_subtasks) as string[]) : row.open_action_subtasks;
  return {
    ...fromTrackedRow(row),
    isGlobal: row.is_global,
    globalAt: toDate(row.global_at),
    mitigatedAt: toDate(row.mitigated_at),
    openActionSubtasks: subtasks ?? [],
    globalWatcherAt: toDate(row.global_watcher_at),
  };
}

/** Incidents still open, or resolved since `resolvedSince` (their resolution update and moments may be due). */
export async function listFollowedIncidents(db: Db, resolvedSince: Date): Promise<FollowedIncident[]> {
  const rows = (await db('incidents')
    .where((q) => q.whereNull('resolved_at').orWhere('resolved_at', '>=', resolvedSince))
    .orderBy('id')) as FollowedRow[];
  return rows.map(fromFollowedRow);
}

/** Incidents opened (rows created) in [from, to). */
export async function listIncidentsOpenedBetween(db: Db, from: Date, to: Date): Promise<FollowedIncident[]> {
  const rows = (await db('incidents').where('created_at', '>=', from).andWhere('created_at', '<', to).orderBy('created_at')) as FollowedRow[];
  return rows.map(fromFollowedRow);
}

/** Marks the incident global once: true only for the caller that flipped it. */
export async function markGlobal(db: Db, id: number, at: Date): Promise<boolean> {
  return (await db('incidents').where({ id, is_global: false }).update({ is_global: true, global_at: at, updated_at: db.fn.now() })) > 0;
}

export async function setGlobalWatcherAdded(db: Db, id: number, at: Date): Promise<void> {
  await db('incidents').where({ id }).whereNull('global_watcher_at').update({ global_watcher_at: at });
}

export async function setMitigatedOnce(db: Db, id: number, at: Date): Promise<boolean> {
  return (await db('incidents').where({ id }).whereNull('mitigated_at').update({ mitigated_at: at })) > 0;
}

export async function setOpenActionSubtasks(db: Db, id: number, keys: readonly string[]): Promise<void> {
  await db('incidents')
    .where({ id })
    .update({ open_action_subtasks: JSON.stringify([...keys]) });
}

/** Records a severity the first time the incident has it. */
export async function recordSeverity(db: Db, id: number, severity: string, since: Date): Promise<void> {
  await db('incident_severity_history').insert({ incident_id: id, severity, since }).onConflict(['incident_id', 'severity']).ignore();
}

export async function listSeverityHistory(db: Db, id: number): Promise<Array<{ severity: string; since: Date }>> {
  const rows = (await db('incident_severity_history').where({ incident_id: id }).orderBy('since')) as Array<{ severity: string; since: Date }>;
  return rows.map((r) => ({ severity: r.severity, since: toDate(r.since)! }));
}

export type IncidentMoment = 'opened' | 'acknowledged' | 'mitigated' | 'resolved';

/** Records a moment once; true for the one caller that inserted it (and so observes its histogram). */
export async function recordMomentOnce(db: Db, id: number, moment: IncidentMoment, at: Date, secondsSinceSignal: number | null): Promise<boolean> {
  const rows = await db('incident_moments').insert({ incident_id: id, moment, at, seconds_since_signal: secondsSinceSignal }).onConflict(['incident_id', 'moment']).ignore().returning('moment');
  return rows.length === 1;
}

/** RCA stages whose sub-task is done (the watcher copies its status) and whose done time is not recorded yet. */
export async function listStagesDoneWithoutTime(db: Db, incidentIds: readonly number[]): Promise<Array<{ id: number; issueKey: string | null }>> {
  if (incidentIds.length === 0) return [];
  const rows = (await db('rca_stages')
    .whereIn('incident_id', [...incidentIds])
    .where({ status: 'done' })
    .whereNull('done_at')
    .select('id', 'issue_key')) as Array<{ id: string | number; issue_key: string | null }>;
  return rows.map((r) => ({ id: toId(r.id), issueKey: r.issue_key }));
}

export async function setStageDoneAt(db: Db, id: number, at: Date): Promise<void> {
  await db('rca_stages').where({ id }).whereNull('done_at').update({ done_at: at });
}

export interface FirstSignals {
  firstCaseAt: Date | null;
  firstAlertAt: Date | null;
  alertRegions: string[];
  /** PagerDuty's acknowledgement (incident_pages), when paged there. */
  pageAcknowledgedAt: Date | null;
}

/** Per incident: its earliest linked case and alert, the alerts' regions, PagerDuty's acknowledgement. */
export async function listFirstSignals(db: Db, incidentIds: readonly number[]): Promise<Map<number, FirstSignals>> {
  const ids = [...incidentIds];
  const result = new Map<number, FirstSignals>(ids.map((id) => [id, { firstCaseAt: null, firstAlertAt: null, alertRegions: [], pageAcknowledgedAt: null }]));
  if (ids.length === 0) return result;
  const cases = (await db('incident_cases').whereIn('incident_id', ids).groupBy('incident_id').select('incident_id').min({ first: 'case_created_at' })) as Array<{
    incident_id: string | number;
    first: Date;
  }>;
  for (const r of cases) result.get(toId(r.incident_id))!.firstCaseAt = toDate(r.first);
  const alerts = (await db('incident_alerts').whereIn('incident_id', ids).where({ action: 'incident' }).select('incident_id', 'first_fired_at', 'region')) as Array<{
    incident_id: string | number;
    first_fired_at: Date;
    region: string | null;
  }>;
  for (const r of alerts) {
    const entry = result.get(toId(r.incident_id))!;
    const fired = toDate(r.first_fired_at)!;
    if (entry.firstAlertAt === null || fired < entry.firstAlertAt) entry.firstAlertAt = fired;
    if (r.region && !entry.alertRegions.includes(r.region)) entry.alertRegions.push(r.region);
  }
  const pages = (await db('incident_pages').whereIn('incident_id', ids).whereNotNull('acknowledged_at').select('incident_id', 'acknowledged_at')) as Array<{
    incident_id: string | number;
    acknowledged_at: Date;
  }>;
  for (const r of pages) result.get(toId(r.incident_id))!.pageAcknowledgedAt = toDate(r.acknowledged_at);
  return result;
}

/** RCA stages with the time each was seen done. */
export async function listStagesWithDoneTimes(
  db: Db,
  incidentIds: readonly number[],
): Promise<Array<{ incidentId: number; stage: string; issueKey: string | null; dueAt: Date; status: string; doneAt: Date | null }>> {
  if (incidentIds.length === 0) return [];
  const rows = (await db('rca_stages')
    .whereIn('incident_id', [...incidentIds])
    .orderBy(['incident_id', 'due_at'])) as Array<{ incident_id: string | number; stage: string; issue_key: string | null; due_at: Date; status: string; done_at: Date | null }>;
  return rows.map((r) => ({ incidentId: toId(r.incident_id), stage: r.stage, issueKey: r.issue_key, dueAt: toDate(r.due_at)!, status: r.status, doneAt: toDate(r.done_at) }));
}

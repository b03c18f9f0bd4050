/** `sla_results`: the latest SLA evaluation per case and metric. */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export type SlaState = 'met' | 'breached' | 'running' | 'paused' | 'at_risk';

export interface SlaResult {
  caseId: string;
  metric: string;
  policy: string;
  calendar: string;
  targetMinutes: number;
  elapsedMinutes: number;
  pausedMinutes: number;
  state: SlaState;
  dueAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  notifiedState: SlaState | null;
  computedAt: Date;
}

interface SlaResultRow {
  case_id: string;
  metric: string;
  policy: string;
  calendar: string;
  target_minutes: number;
  elapsed_minutes: number;
  paused_minutes: number;
  state: SlaState;
  due_at: Date | null;
  breached_at: Date | null;
  stopped_at: Date | null;
  notified_state: SlaState | null;
  computed_at: Date;
}

export function toRow(result: SlaResult): SlaResultRow {
  return {
    case_id: result.caseId,
    metric: result.metric,
    policy: result.policy,
    calendar: result.calendar,
    target_minutes: result.targetMinutes,
    elapsed_minutes: result.elapsedMinutes,
    paused_minutes: result.pausedMinutes,
    state: result.state,
    due_at: result.dueAt,
    breached_at: result.breachedAt,
    stopped_at: result.stoppedAt,
    notified_state: result.notifiedState,
    computed_at: result.computedAt,
  };
}

export function fromRow(row: SlaResultRow): SlaResult {
  return {
    caseId: row.case_id,
    metric: row.metric,
    policy: row.policy,
    calendar: row.calendar,
    targetMinutes: Number(row.target_minutes),
    elapsedMinutes: Number(row.elapsed_minutes),
    pausedMinutes: Number(row.paused_minutes),
    state: row.state,
    dueAt: toDate(row.due_at),
    breachedAt: toDate(row.breached_at),
    stoppedAt: toDate(row.stopped_at),
    notifiedState: row.notified_state,
    computedAt: toDate(row.computed_at)!,
  };
}

/** Stores results; `notified_state` is kept from the stored row (only notification code moves it). */
export async function upsertSlaResults(db: Db, results: readonly SlaResult[]): Promise<void> {
  if (results.length === 0) return;
  const rows = results.map(toRow);
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'notified_state' && c !== 'case_id' && c !== 'metric');
  await db('sla_results').insert(rows).onConflict(['case_id', 'metric']).merge(columns);
}

export async function getSlaResults(db: Db, caseIds: readonly string[]): Promise<SlaResult[]> {
  if (caseIds.length === 0) return [];
  return (await db<SlaResultRow>('sla_results').whereIn('case_id', [...caseIds])).map(fromRow);
}

export async function markNotified(db: Db, caseId: string, metric: string, state: SlaState | null): Promise<void> {
  await db('sla_results').where({ case_id: caseId, metric }).update({ notified_state: state });
}

/**
 * Takes the right to announce `state` for one clock: true for exactly one caller, however many
 * workers evaluate the same ticket, and never twice for the same state in a row.
 */
export async function claimNotification(db: Db, caseId: string, metric: string, state: SlaState): Promise<boolean> {
  const count = await db('sla_results')
    .where({ case_id: caseId, metric })
    .andWhere((q) => q.whereNull('notified_state').orWhereNot('notified_state', state))
    .update({ notified_state: state });
  return Number(count) === 1;
}

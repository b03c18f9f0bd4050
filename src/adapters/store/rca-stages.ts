/** `rca_stages`: the root-cause stages of a resolved incident, each a Jira sub-task with a due time. */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface RcaStage {
  id: number;
  incidentId: number;
  stage: string;
  issueKey: string | null;
  assignee: string | null;
  dueAt: Date;
  /** `open` or `done` (from the sub-task's status). */
  status: string;
  notifiedOverdueAt: Date | null;
  /** When a caller took on creating the sub-task. */
  claimedAt: Date;
}

interface RcaStageRow {
  id: string | number;
  incident_id: string | number;
  stage: string;
  issue_key: string | null;
  assignee: string | null;
  due_at: Date;
  status: string;
  notified_overdue_at: Date | null;
  claimed_at: Date;
}

function fromRow(row: RcaStageRow): RcaStage {
  return {
    id: toId(row.id),
    incidentId: toId(row.incident_id),
    stage: row.stage,
    issueKey: row.issue_key,
    assignee: row.assignee,
    dueAt: toDate(row.due_at)!,
    status: row.status,
    notifiedOverdueAt: toDate(row.notified_overdue_at),
    claimedAt: toDate(row.claimed_at)!,
  };
}

/**
 * Claims the stages of an incident before their sub-tasks are created: the unique (incident, stage)
 * index lets only one caller insert each; the stages returned are the ones this caller must create.
 */
export async function claimRcaStages(db: Db, incidentId: number, stages: ReadonlyArray<{ stage: string; assignee: string | null; dueAt: Date }>): Promise<RcaStage[]> {
  if (stages.length === 0) return [];
  const rows = (await db('rca_stages')
    .insert(stages.map((s) => ({ incident_id: incidentId, stage: s.stage, assignee: s.assignee, due_at: s.dueAt })))
    .onConflict(['incident_id', 'stage'])
    .ignore()
    .returning('*')) as RcaStageRow[];
  return rows.map(fromRow);
}

export async function listRcaStages(db: Db, incidentIds: readonly number[]): Promise<RcaStage[]> {
  if (incidentIds.length === 0) return [];
  return (
    await db<RcaStageRow>('rca_stages')
      .whereIn('incident_id', [...incidentIds])
      .orderBy(['incident_id', 'due_at'])
  ).map(fromRow);
}

export async function updateRcaStage(db: Db, id: number, changes: { issueKey?: string | null; status?: string; notifiedOverdueAt?: Date; assignee?: string | null }): Promise<void> {
  const row: Record<string, unknown> = {};
  if (changes.issueKey !== undefined) row.issue_key = changes.issueKey;
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.notifiedOverdueAt !== undefined) row.notified_overdue_at = changes.notifiedOverdueAt;
  if (changes.assignee !== undefined) row.assignee = changes.assignee;
  if (Object.keys(row).length > 0) await db('rca_stages').where({ id }).update(row);
}

/**
 * Claims the open stages past due that have not been reported: marked in the same statement, so
 * two overdue runs never report a stage twice (a crash after the claim costs that one notice).
 */
export async function claimOverdueRcaStages(db: Db, now: Date): Promise<RcaStage[]> {
  const rows = (await db('rca_stages').where({ status: 'open' }).whereNull('notified_overdue_at').andWhere('due_at', '<', now).update({ notified_overdue_at: now }).returning('*')) as RcaStageRow[];
  return rows.map(fromRow).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * Takes over stages of an incident whose sub-task was never recorded and whose claim is older than
 * the lease (by the database's clock, like the claims themselves); conditional, so one caller wins
 * each stage. Returns the stages now held.
 */
export async function reclaimStaleRcaStages(db: Db, incidentId: number, leaseMs: number): Promise<RcaStage[]> {
  const rows = (await db('rca_stages')
    .where({ incident_id: incidentId })
    .whereNull('issue_key')
    .andWhere('claimed_at', '<', db.raw('now() - make_interval(secs => ?)', [leaseMs / 1000]))
    .update({ claimed_at: db.fn.now() })
    .returning('*')) as RcaStageRow[];
  return rows.map(fromRow);
}

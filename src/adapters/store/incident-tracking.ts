/**
 * The incident columns added for escalation and acknowledgement, read together with the base
 * incident row (incidents.ts), and state changes the incident jobs make.
 */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';
import { fromRow as incidentFromRow } from './incidents.js';
import type { Incident } from './incidents.js';

/** An incident with its escalation and lifecycle state. */
export interface TrackedIncident extends Incident {
  openedReason: string | null;
  initialAssignee: string | null;
  /** -1 when nobody has been notified yet. */
  escalationStep: number;
  escalationNotifiedAt: Date | null;
  acknowledgedAt: Date | null;
  escalationStopped: 'acknowledged' | 'exhausted' | null;
  closedAt: Date | null;
  createdAt: Date;
}

type TrackedRow = Parameters<typeof incidentFromRow>[0] & {
  opened_reason: string | null;
  initial_assignee: string | null;
  escalation_step: number;
  escalation_notified_at: Date | null;
  acknowledged_at: Date | null;
  escalation_stopped: 'acknowledged' | 'exhausted' | null;
  closed_at: Date | null;
  created_at: Date;
};

export function fromTrackedRow(row: TrackedRow): TrackedIncident {
  return {
    ...incidentFromRow(row),
    openedReason: row.opened_reason,
    initialAssignee: row.initial_assignee,
    escalationStep: row.escalation_step,
    escalationNotifiedAt: toDate(row.escalation_notified_at),
    acknowledgedAt: toDate(row.acknowledged_at),
    escalationStopped: row.escalation_stopped,
    closedAt: toDate(row.closed_at),
    createdAt: toDate(row.created_at)!,
  };
}

export async function getTrackedIncident(db: Db, id: number): Promise<TrackedIncident | undefined> {
  const row = await db<TrackedRow>('incidents').where({ id }).first();
  return row ? fromTrackedRow(row) : undefined;
}

export async function getIncidentByKey(db: Db, issueKey: string): Promise<TrackedIncident | undefined> {
  const row = await db<TrackedRow>('incidents').where({ issue_key: issueKey }).first();
  return row ? fromTrackedRow(row) : undefined;
}

/** Incidents not yet closed, oldest first: what the watcher and the escalation walk look at. */
export async function listActiveIncidents(db: Db): Promise<TrackedIncident[]> {
  const rows = await db<TrackedRow>('incidents').whereNull('closed_at').orderBy('id');
  return rows.map(fromTrackedRow);
}

export async function listTrackedIncidents(db: Db, options: { openOnly?: boolean } = {}): Promise<TrackedIncident[]> {
  const query = db<TrackedRow>('incidents').orderBy('id', 'desc');
  if (options.openOnly) query.whereNull('closed_at');
  return (await query).map(fromTrackedRow);
}

export async function setOpeningDetails(db: Db, id: number, details: { openedReason: string; initialAssignee: string | null }): Promise<void> {
  await db('incidents').where({ id }).update({ opened_reason: details.openedReason, initial_assignee: details.initialAssignee, updated_at: db.fn.now() });
}

/**
 * Records an escalation step. Conditional on the step seen, so two walkers running at once
 * cannot both notify the same step: the loser updates nothing and gets `false`.
 */
export async function advanceEscalation(db: Db, id: number, fromStep: number, toStep: number, notifiedAt: Date): Promise<boolean> {
  const count = await db('incidents')
    .where({ id, escalation_step: fromStep })
    .whereNull('escalation_stopped')
    .update({ escalation_step: toStep, escalation_notified_at: notifiedAt, updated_at: db.fn.now() });
  return count > 0;
}

export async function stopEscalation(db: Db, id: number, reason: 'acknowledged' | 'exhausted', at: Date): Promise<void> {
  const row: Record<string, unknown> = { escalation_stopped: reason, updated_at: db.fn.now() };
  if (reason === 'acknowledged') row.acknowledged_at = at;
  await db('incidents').where({ id }).whereNull('escalation_stopped').update(row);
}

export async function markIncidentClosed(db: Db, id: number, closedAt: Date | null): Promise<void> {
  await db('incidents').where({ id }).update({ closed_at: closedAt, updated_at: db.fn.now() });
}

/** Marks the incident resolved once: only the caller that flips `resolved_at` gets `true` (and fans out). */
export async function claimResolution(db: Db, id: number, resolvedAt: Date, status: string): Promise<boolean> {
  const count = await db('incidents').where({ id }).whereNull('resolved_at').update({ resolved_at: resolvedAt, status, updated_at: db.fn.now() });
  return count > 0;
}

/** The open (unresolved) incident of a service, if any. */
export async function findOpenIncident(db: Db, service: string): Promise<TrackedIncident | undefined> {
  const row = await db<TrackedRow>('incidents').where({ service }).whereNull('resolved_at').first();
  return row ? fromTrackedRow(row) : undefined;
}

/** Raises the severity (SEV1 is the highest); conditional on the severity seen, so a lower one never overwrites a higher one. */
export async function raiseSeverity(db: Db, id: number, from: string, to: string): Promise<boolean> {
  if (to >= from) return false;
  const count = await db('incidents').where({ id, severity: from }).update({ severity: to, updated_at: db.fn.now() });
  return count > 0;
}

/**
 * Takes over incidents whose issue was never recorded and whose row has not moved for the lease
 * (its opener died or its create failed), by the database's clock; one caller wins each.
 */
export async function reclaimIncidentsWithoutIssue(db: Db, leaseMs: number): Promise<TrackedIncident[]> {
  const rows = (await db('incidents')
    .whereNull('issue_key')
    .whereNull('closed_at')
    .andWhere('updated_at', '<', db.raw('now() - make_interval(secs => ?)', [leaseMs / 1000]))
    .update({ updated_at: db.fn.now() })
    .returning('*')) as TrackedRow[];
  return rows.map(fromTrackedRow);
}

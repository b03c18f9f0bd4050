/**
 * The incident columns of the one acknowledgement path: who acknowledged and where (Jira, the
 * console, PagerDuty), and the claim of the Jira follow-up an acknowledgement outside Jira needs
 * (the configured move and comment). The claim carries a lease: a walker that crashed holding it
 * is taken over once the lease is up, so the follow-up is never lost, only late.
 */
import type { Db } from './db-handle.js';
import { toId } from './db-handle.js';

export type AcknowledgedVia = 'jira' | 'console' | 'pagerduty';

/**
 * Records the acknowledgement and stops the escalation walk, unless the incident is acknowledged
 * already: true only for the caller whose conditional update took it (one of two racing acks wins).
 * An incident whose chain was walked to its end (`exhausted`) can still be acknowledged.
 */
export async function markAcknowledged(db: Db, id: number, ack: { at: Date; by: string | null; via: AcknowledgedVia }): Promise<boolean> {
  const count = await db('incidents')
    .where({ id })
    .where((q) => q.whereNull('escalation_stopped').orWhere('escalation_stopped', 'exhausted'))
    .update({ escalation_stopped: 'acknowledged', acknowledged_at: ack.at, acknowledged_by: ack.by, acknowledged_via: ack.via, updated_at: db.fn.now() });
  return count > 0;
}

export interface PendingJiraAcknowledgement {
  id: number;
  issueKey: string;
  acknowledgedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedVia: AcknowledgedVia;
}

/** Acknowledged outside Jira, still open, follow-up not done and not claimed within the lease. */
export async function listPendingJiraAcknowledgements(db: Db, now: Date, leaseMs: number): Promise<PendingJiraAcknowledgement[]> {
  const rows = (await db('incidents')
    .whereIn('acknowledged_via', ['console', 'pagerduty'])
    .whereNull('ack_jira_done_at')
    .whereNull('resolved_at')
    .whereNotNull('issue_key')
    .where((q) => q.whereNull('ack_jira_claimed_at').orWhere('ack_jira_claimed_at', '<', new Date(now.getTime() - leaseMs)))
    .orderBy('id')
    .select('id', 'issue_key', 'acknowledged_at', 'acknowledged_by', 'acknowledged_via')) as Array<{
    id: string | number;
    issue_key: string;
    acknowledged_at: Date;
    acknowledged_by: string | null;
    acknowledged_via: AcknowledgedVia;
  }>;
  return rows.map((r) => ({ id: toId(r.id), issueKey: r.issue_key, acknowledgedAt: new Date(r.acknowledged_at), acknowledgedBy: r.acknowledged_by, acknowledgedVia: r.acknowledged_via }));
}

/** Claims the follow-up (free, or its claim older than the lease); true for the one caller that took it. */
export async function claimJiraAcknowledgement(db: Db, id: number, now: Date, leaseMs: number): Promise<boolean> {
  const rows = (await db('incidents')
    .where({ id })
    .whereNull('ack_jira_done_at')
    .where((q) => q.whereNull('ack_jira_claimed_at').orWhere('ack_jira_claimed_at', '<', new Date(now.getTime() - leaseMs)))
    .update({ ack_jira_claimed_at: now })
    .returning('id')) as unknown[];
  return rows.length === 1;
}

/** The follow-up is done, or (`done: false`) given back to be tried again at the next walk. */
export async function finishJiraAcknowledgement(db: Db, id: number, done: boolean, now: Date): Promise<void> {
  await db('incidents')
    .where({ id })
    .update(done ? { ack_jira_done_at: now } : { ack_jira_claimed_at: null });
}

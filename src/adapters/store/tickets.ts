/** `tickets` and `status_history`: what the SLA clock is computed from, and nothing else. */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export interface Ticket {
  caseId: string;
  caseNumber: string | null;
  createdAt: Date;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  status: string | null;
  /** Shown on the console's board; absent: left as stored. */
  subject?: string | null;
  /** The case owner (a user or a queue), id and name; absent: left as stored. */
  ownerId?: string | null;
  ownerName?: string | null;
  /** The case's account (the customer company), id and name; absent: left as stored. */
  accountId?: string | null;
  accountName?: string | null;
}

interface TicketRow {
  case_id: string;
  case_number: string | null;
  created_at: Date;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  status: string | null;
  subject?: string | null;
  owner_id?: string | null;
  owner_name?: string | null;
  account_id?: string | null;
  account_name?: string | null;
}

export function toRow(ticket: Ticket): TicketRow {
  return {
    case_id: ticket.caseId,
    case_number: ticket.caseNumber,
    created_at: ticket.createdAt,
    priority: ticket.priority,
    tier: ticket.tier,
    region: ticket.region,
    topic: ticket.topic,
    status: ticket.status,
    // Only what the caller knows: an absent attribute stays as stored (an upsert merges the columns given).
    ...(ticket.subject !== undefined ? { subject: ticket.subject } : {}),
    ...(ticket.ownerId !== undefined ? { owner_id: ticket.ownerId } : {}),
    ...(ticket.ownerName !== undefined ? { owner_name: ticket.ownerName } : {}),
    ...(ticket.accountId !== undefined ? { account_id: ticket.accountId } : {}),
    ...(ticket.accountName !== undefined ? { account_name: ticket.accountName } : {}),
  };
}

export function fromRow(row: TicketRow): Ticket {
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    createdAt: toDate(row.created_at)!,
    priority: row.priority,
    tier: row.tier,
    region: row.region,
    topic: row.topic,
    status: row.status,
    subject: row.subject ?? null,
    ownerId: row.owner_id ?? null,
    ownerName: row.owner_name ?? null,
    accountId: row.account_id ?? null,
    accountName: row.account_name ?? null,
  };
}

export async function upsertTickets(db: Db, tickets: readonly Ticket[]): Promise<void> {
  if (tickets.length === 0) return;
  await db('tickets')
    .insert(tickets.map((t) => ({ ...toRow(t), updated_at: db.fn.now() })))
    .onConflict('case_id')
    .merge();
}

export async function getTickets(db: Db, caseIds: readonly string[]): Promise<Ticket[]> {
  if (caseIds.length === 0) return [];
  return (await db<TicketRow>('tickets').whereIn('case_id', [...caseIds])).map(fromRow);
}

/** When the scheduled scan should look at each ticket again (null: no clock is running). */
export async function setNextCheckTimes(db: Db, nextChecks: ReadonlyArray<{ caseId: string; at: Date | null }>): Promise<void> {
  if (nextChecks.length === 0) return;
  // One statement for the batch: a VALUES list joined on case_id.
  const values = nextChecks.map(() => '(?::text, ?::timestamptz)').join(', ');
  const bindings = nextChecks.flatMap((n) => [n.caseId, n.at ? n.at.toISOString() : null]);
  await db.raw(`UPDATE tickets AS t SET sla_next_check_at = v.at FROM (VALUES ${values}) AS v(case_id, at) WHERE t.case_id = v.case_id`, bindings);
}

/**
 * Takes up to `limit` tickets whose SLA state may have changed by `now` with no new event, earliest
 * first, by moving their next check `leaseMs` ahead: a replica scanning at the same time skips them
 * (SKIP LOCKED) and then no longer sees them as due, so concurrent scans split the work. Evaluating a
 * ticket sets its real next check; a scan that dies leaves the lease to expire and the ticket is retried.
 */
export async function claimTicketsToCheck(db: Db, now: Date, limit: number, leaseMs: number): Promise<string[]> {
  const result = await db.raw(
    `UPDATE tickets SET sla_next_check_at = ?
     WHERE case_id IN (SELECT case_id FROM tickets WHERE sla_next_check_at <= ? ORDER BY sla_next_check_at LIMIT ? FOR UPDATE SKIP LOCKED)
     RETURNING case_id`,
    [new Date(now.getTime() + leaseMs), now, limit],
  );
  return (result.rows as Array<{ case_id: string }>).map((r) => r.case_id);
}

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

/**
 * Reads for the console's SLA board: one page of open tickets in urgency order (the partial index
 * tickets_board_order), the counts per board state, and the clocks, links and Jira statuses of the
 * tickets on the page. Filters are exact matches on ticket attributes.
 */
import type { Knex } from 'knex';
import type { BoardState } from './board-order.js';
import { BOARD_STATES, fromBoardRank, toBoardRank } from './board-order.js';
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

export interface BoardFilter {
  region?: string;
  tier?: string;
  priority?: string;
  /** One topic id. */
  topic?: string;
  /** Any of these topic ids (a team's topics); an empty list matches nothing. */
  topics?: readonly string[];
  state?: BoardState;
}

export interface BoardTicketRow {
  caseId: string;
  caseNumber: string | null;
  subject: string | null;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  status: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** The customer company, when the case has an account. */
  accountId: string | null;
  accountName: string | null;
  createdAt: Date;
  state: BoardState;
}

export interface BoardPage {
  rows: BoardTicketRow[];
  /** Tickets per board state under the filter's other conditions (the state filter aside). */
  counts: Record<BoardState, number>;
  /** Tickets matching the whole filter. */
  total: number;
}

function applyFilter(query: Knex.QueryBuilder, filter: BoardFilter, withState: boolean): Knex.QueryBuilder {
  query.where('board_rank', '>', 0);
  if (filter.region !== undefined) query.where('region', filter.region);
  if (filter.tier !== undefined) query.where('tier', filter.tier);
  if (filter.priority !== undefined) query.where('priority', filter.priority);
  if (filter.topic !== undefined) query.where('topic', filter.topic);
  if (filter.topics !== undefined) {
    if (filter.topics.length === 0) query.whereRaw('false');
    else query.whereIn('topic', [...filter.topics]);
  }
  if (withState && filter.state !== undefined) query.where('board_rank', toBoardRank(filter.state));
  return query;
}

export async function getBoardPage(db: Db, filter: BoardFilter, page: { offset: number; limit: number }): Promise<BoardPage> {
  const rowsQuery = applyFilter(db('tickets'), filter, true)
    .select('case_id', 'case_number', 'subject', 'priority', 'tier', 'region', 'topic', 'status', 'owner_id', 'owner_name', 'account_id', 'account_name', 'created_at', 'board_rank')
    .orderBy([{ column: 'board_rank' }, { column: 'board_due_at' }, { column: 'board_remaining_minutes' }, { column: 'case_id' }])
    .offset(page.offset)
    .limit(page.limit);
  const countsQuery = applyFilter(db('tickets'), filter, false).select('board_rank').count({ count: '*' }).groupBy('board_rank');
  const [rows, countRows] = await Promise.all([rowsQuery, countsQuery]);
  const counts = Object.fromEntries(BOARD_STATES.map((s) => [s, 0])) as Record<BoardState, number>;
  for (const row of countRows as Array<{ board_rank: number; count: string | number }>) {
    const state = fromBoardRank(Number(row.board_rank));
    if (state) counts[state] = Number(row.count);
  }
  const total = filter.state ? counts[filter.state] : BOARD_STATES.reduce((sum, s) => sum + counts[s], 0);
  return { rows: (rows as BoardRow[]).map(fromBoardRow), counts, total };
}

interface BoardRow {
  case_id: string;
  case_number: string | null;
  subject: string | null;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  status: string | null;
  owner_id: string | null;
  owner_name: string | null;
  account_id: string | null;
  account_name: string | null;
  created_at: Date;
  board_rank: number;
}

function fromBoardRow(row: BoardRow): BoardTicketRow {
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    subject: row.subject,
    priority: row.priority,
    tier: row.tier,
    region: row.region,
    topic: row.topic,
    status: row.status,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    accountId: row.account_id,
    accountName: row.account_name,
    createdAt: toDate(row.created_at)!,
    state: fromBoardRank(Number(row.board_rank)) ?? 'none',
  };
}

/** The values present on the board per attribute (for the filter menus). */
export async function listBoardValues(db: Db): Promise<{ regions: string[]; tiers: string[]; priorities: string[]; topics: string[] }> {
  const rows = (await db('tickets').where('board_rank', '>', 0).distinct('region', 'tier', 'priority', 'topic')) as Array<Record<'region' | 'tier' | 'priority' | 'topic', string | null>>;
  const values = (key: 'region' | 'tier' | 'priority' | 'topic') => [...new Set(rows.map((r) => r[key]).filter((v): v is string => v !== null))].sort();
  return { regions: values('region'), tiers: values('tier'), priorities: values('priority'), topics: values('topic') };
}

/**
 * A value that moves whenever a stored clock changes (state, due or breach instant; a ticket closing
 * stops its clocks too): the live board reloads its rows when it moves. One index lookup.
 */
export async function getBoardVersion(db: Db): Promise<string> {
  const row = (await db('sla_results').max({ at: 'computed_at' }).first()) as { at: unknown } | undefined;
  return toDate(row?.at)?.toISOString() ?? '-';
}

/**
 * Where each ticket stands on the console's SLA board (tickets.board_rank, board_due_at,
 * board_remaining_minutes), placed from its stored clocks (sla_results) whenever they are
 * evaluated, so the board reads tickets in urgency order from one index. A ticket's place is its
 * most urgent clock: breached, then at risk, running, paused, met; a ticket with no clock comes
 * last and a closed one (a resolved status) leaves the board.
 */
import type { Db } from './db-handle.js';
import type { SlaState } from './sla-results.js';

/** Board ranks, most urgent first; `none` is a ticket with no SLA clock. 0 (closed) is not listed. */
export const BOARD_STATES = ['breached', 'at_risk', 'running', 'paused', 'met', 'none'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const CLOSED_RANK = 0;

export function toBoardRank(state: BoardState): number {
  return BOARD_STATES.indexOf(state) + 1;
}

export function fromBoardRank(rank: number): BoardState | undefined {
  return BOARD_STATES[rank - 1];
}

const rankOfState = (column: string) => `CASE ${column} ${(['breached', 'at_risk', 'running', 'paused', 'met'] satisfies SlaState[]).map((s) => `WHEN '${s}' THEN ${toBoardRank(s)}`).join(' ')} END`;

/** The SELECT that places tickets (`scope` restricts which): rank, the instant it sorts by, minutes left when paused. */
function placementSql(scope: string, resolvedCount: number): string {
  const closed = resolvedCount === 0 ? 'false' : `t.status IN (${new Array(resolvedCount).fill('?').join(', ')})`;
  return `SELECT t.case_id,
      CASE WHEN ${closed} THEN ${CLOSED_RANK} ELSE COALESCE(lead.rank, ${toBoardRank('none')}) END AS rank,
      CASE WHEN ${closed} THEN NULL ELSE lead.sort_at END AS sort_at,
      CASE WHEN ${closed} THEN NULL ELSE lead.remaining END AS remaining
    FROM tickets t
    LEFT JOIN LATERAL (
      SELECT ${rankOfState('r.state')} AS rank,
        CASE WHEN r.state = 'breached' THEN r.breached_at WHEN r.state IN ('running', 'at_risk') THEN r.due_at END AS sort_at,
        CASE WHEN r.state = 'paused' THEN r.target_minutes - r.elapsed_minutes END AS remaining
      FROM sla_results r WHERE r.case_id = t.case_id
      ORDER BY 1, 2, 3 LIMIT 1
    ) lead ON true
    WHERE ${scope}`;
}

function updateSql(placement: string): string {
  return `UPDATE tickets AS u SET board_rank = p.rank, board_due_at = p.sort_at, board_remaining_minutes = p.remaining
    FROM (${placement}) AS p WHERE u.case_id = p.case_id`;
}

/** Places the given tickets from their stored clocks; `resolvedStatuses` are the SLA's (sla.yaml resolvedStatuses). */
export async function placeOnBoard(db: Db, caseIds: readonly string[], resolvedStatuses: Iterable<string>): Promise<void> {
  const resolved = [...resolvedStatuses];
  for (let i = 0; i < caseIds.length; i += 1000) {
    const chunk = caseIds.slice(i, i + 1000);
    const scope = `t.case_id IN (${chunk.map(() => '?').join(', ')})`;
    await db.raw(updateSql(placementSql(scope, resolved.length)), [...resolved, ...resolved, ...resolved, ...chunk]);
  }
}

/** Places every ticket not placed yet (stored before the board existed); returns how many. */
export async function placeUnplacedTickets(db: Db, resolvedStatuses: Iterable<string>): Promise<number> {
  const resolved = [...resolvedStatuses];
  const result = await db.raw(updateSql(placementSql('t.board_rank IS NULL', resolved.length)), [...resolved, ...resolved, ...resolved]);
  return Number((result as { rowCount?: number }).rowCount ?? 0);
}

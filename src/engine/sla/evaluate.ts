/**
 * Evaluates stored tickets from their stored status history alone (promise 5: every figure can be
 * recomputed from status_history), and keeps sla_results and the next check time up to date.
 */
import { diffClocks, getNextStateChangeMs } from '../../domain/sla/changes.js';
import type { StoredClock } from '../../domain/sla/changes.js';
import { evaluateTicket } from '../../domain/sla/engine.js';
import type { CompiledSla, SlaTicketResult } from '../../domain/sla/engine.js';
import type { SlaEvent, SlaTicket } from '../../domain/sla/types.js';
import { CasebridgeError } from '../../errors.js';
import { getHistory } from '../../adapters/store/status-history.js';
import type { HistoryEvent } from '../../adapters/store/status-history.js';
import { getSlaResults, upsertSlaResults } from '../../adapters/store/sla-results.js';
import type { SlaResult } from '../../adapters/store/sla-results.js';
import { getTickets, setNextCheckTimes } from '../../adapters/store/tickets.js';
import type { Ticket } from '../../adapters/store/tickets.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { placeOnBoard } from '../../adapters/store/board-order.js';
import type { Problem } from '../problems.js';

export interface TicketEvaluation {
  ticket: Ticket;
  result: SlaTicketResult;
  /** Stored results before this evaluation, by metric. */
  before: Map<string, SlaResult>;
}

/** The ticket as the SLA engine sees it: attributes from `tickets`, events from `status_history`. */
export function toSlaTicket(ticket: Ticket, events: readonly HistoryEvent[]): SlaTicket {
  return {
    id: ticket.caseId,
    createdAtMs: ticket.createdAt.getTime(),
    priority: ticket.priority ?? '',
    tier: ticket.tier ?? '',
    region: ticket.region ?? '',
    events: events.map((e): SlaEvent => (e.type === 'status' ? { atMs: e.at.getTime(), type: 'status', value: e.value ?? '' } : { atMs: e.at.getTime(), type: 'agentReply' })),
  };
}

/** Evaluates, stores changed clocks (state, due or breach instant moved) and the next check times. */
export async function evaluateStoredTickets(
  db: Db,
  sla: CompiledSla,
  caseIds: readonly string[],
  nowMs: number,
): Promise<{ evaluations: TicketEvaluation[]; changedClocks: number; problems: Problem[] }> {
  const [tickets, history, stored] = await Promise.all([getTickets(db, caseIds), getHistory(db, caseIds), getSlaResults(db, caseIds)]);
  const storedByCase = new Map<string, Map<string, SlaResult>>();
  for (const row of stored) {
    const byMetric = storedByCase.get(row.caseId) ?? new Map<string, SlaResult>();
    byMetric.set(row.metric, row);
    storedByCase.set(row.caseId, byMetric);
  }
  const evaluations: TicketEvaluation[] = [];
  const problems: Problem[] = [];
  const writes: SlaResult[] = [];
  const nextChecks: Array<{ caseId: string; at: Date | null }> = [];
  const computedAt = new Date(nowMs);
  for (const ticket of tickets) {
    let result: SlaTicketResult;
    try {
      result = evaluateTicket(sla, toSlaTicket(ticket, history.get(ticket.caseId) ?? []), nowMs);
    } catch (error) {
      // A region no calendar knows is a config problem for this ticket, not a reason to stop the batch.
      if (!(error instanceof CasebridgeError)) throw error;
      problems.push({ caseId: ticket.caseId, code: 'SLA_NOT_EVALUATED', message: error.message });
      nextChecks.push({ caseId: ticket.caseId, at: null });
      continue;
    }
    const before = storedByCase.get(ticket.caseId) ?? new Map<string, SlaResult>();
    evaluations.push({ ticket, result, before });
    const storedClocks: StoredClock[] = [...before.values()]
      .filter((row) => row.policy === result.policy)
      .map((row) => ({ metric: row.metric as StoredClock['metric'], state: row.state, dueAtMs: row.dueAt?.getTime() ?? null, breachedAtMs: row.breachedAt?.getTime() ?? null }));
    for (const change of diffClocks(storedClocks, result.metrics)) {
      const clock = result.metrics.find((m) => m.metric === change.metric)!;
      writes.push({
        caseId: ticket.caseId,
        metric: clock.metric,
        policy: result.policy!,
        calendar: result.calendar!,
        targetMinutes: clock.targetMs / 60_000,
        elapsedMinutes: clock.elapsedMs / 60_000,
        pausedMinutes: clock.pausedMs / 60_000,
        state: clock.state,
        dueAt: toDateOrNull(clock.dueAtMs),
        breachedAt: toDateOrNull(clock.breachedAtMs),
        stoppedAt: toDateOrNull(clock.stoppedAtMs),
        notifiedState: before.get(clock.metric)?.notifiedState ?? null,
        computedAt,
      });
    }
    // A clock due exactly now changes state just after now: checking it again at `now` would loop.
    const nextMs = getNextStateChangeMs(result.metrics);
    nextChecks.push({ caseId: ticket.caseId, at: toDateOrNull(nextMs === null ? null : Math.max(nextMs, nowMs + 1)) });
  }
  await upsertSlaResults(db, writes);
  await setNextCheckTimes(db, nextChecks);
  // The console's board order follows the stored clocks (and a status change that closes the ticket).
  await placeOnBoard(
    db,
    tickets.map((t) => t.caseId),
    sla.statusRules.resolvedStatuses,
  );
  return { evaluations, changedClocks: writes.length, problems };
}

function toDateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/**
 * The scheduled SLA scan: finds running clocks that have turned at risk or breached since they were
 * last evaluated, with no event on the case, and writes back and alerts as a sync pass would. Only
 * tickets whose stored next-check time has passed are read (getNextStateChangeMs at evaluation),
 * so a minute-by-minute scan costs an indexed range read when nothing is due. Due tickets are
 * claimed (SKIP LOCKED with a short lease), so replicas scanning at once split them.
 * `register()` only schedules; `run()` does the work (tests call it).
 */
import type { ScheduledTask } from 'node-cron';
import { scheduleJob } from './schedule.js';
import { claimTicketsToCheck } from '../adapters/store/tickets.js';
import type { EngineContext } from '../engine/context.js';
import { refreshSla } from '../engine/sla/refresh.js';
import type { SlaRuntime } from '../engine/sla/runtime.js';

export interface SlaScanDeps {
  ctx: EngineContext;
  runtime: SlaRuntime;
  /** Tickets per refresh (one case collection update each). Default 200. */
  batchSize?: number;
  /** How long a claimed ticket is hidden from other scans if this one dies mid-batch. Default 5 minutes. */
  leaseMs?: number;
}

export interface SlaScanOutcome {
  evaluated: number;
  changedClocks: number;
  caseWrites: number;
  issueWrites: number;
  alerts: number;
  problems: number;
}

export async function run(deps: SlaScanDeps): Promise<SlaScanOutcome> {
  const nowMs = deps.runtime.nowMs?.() ?? Date.now();
  // One "now" for the whole scan, so a ticket evaluated early is not due again before the end.
  const runtime: SlaRuntime = { ...deps.runtime, nowMs: () => nowMs };
  const batchSize = deps.batchSize ?? 200;
  const outcome: SlaScanOutcome = { evaluated: 0, changedClocks: 0, caseWrites: 0, issueWrites: 0, alerts: 0, problems: 0 };
  const seen = new Set<string>();
  for (;;) {
    // Claimed tickets get a next check after `now`, so each is taken once per scan and by one replica;
    // `seen` guards against a clock whose next change is exactly `now` (it keeps the lease instead).
    const ids = (await claimTicketsToCheck(deps.ctx.db, new Date(nowMs), batchSize, deps.leaseMs ?? 300_000)).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const id of ids) seen.add(id);
    const done = await refreshSla(deps.ctx, runtime, ids);
    outcome.evaluated += done.evaluated;
    outcome.changedClocks += done.changedClocks;
    outcome.caseWrites += done.caseWrites;
    outcome.issueWrites += done.issueWrites;
    outcome.alerts += done.alerts;
    outcome.problems += done.problems.length;
  }
  return outcome;
}

/** Runs the scan on a cron schedule (default every minute); overlapping runs are skipped. */
export function register(deps: SlaScanDeps, options: { cron?: string } = {}): ScheduledTask {
  return scheduleJob('sla-scan', options.cron ?? '* * * * *', deps.ctx.logger, async () => {
    const outcome = await run(deps);
    if (outcome.evaluated > 0) deps.ctx.logger.info(outcome, 'sla scan');
  });
}

/**
 * Re-evaluates tickets from stored history, then writes back and alerts: the one path both the
 * end-of-pass extension and the scheduled scan take.
 */
import type { SlaSummary } from '../../domain/sla/case-summary.js';
import type { EngineContext } from '../context.js';
import type { Problem } from '../problems.js';
import { sendSlaAlerts } from './alerts.js';
import { evaluateStoredTickets } from './evaluate.js';
import type { SlaRuntime } from './runtime.js';
import { writeBackSla } from './writeback.js';

export interface SlaRefreshOutcome {
  evaluated: number;
  /** Clocks whose state, due time or breach instant changed (rows written to sla_results). */
  changedClocks: number;
  caseWrites: number;
  issueWrites: number;
  alerts: number;
  problems: Problem[];
}

export async function refreshSla(ctx: EngineContext, runtime: SlaRuntime, caseIds: readonly string[], options: { caseValues?: ReadonlyMap<string, SlaSummary> } = {}): Promise<SlaRefreshOutcome> {
  const nowMs = runtime.nowMs?.() ?? Date.now();
  const evaluated = await evaluateStoredTickets(ctx.db, runtime.sla, caseIds, nowMs);
  const written = await writeBackSla(ctx, runtime.sla, evaluated.evaluations, options.caseValues, runtime.jiraFields);
  const alerted = await sendSlaAlerts(ctx, runtime.notifier, evaluated.evaluations);
  const problems = [...evaluated.problems, ...written.problems, ...alerted.problems];
  for (const problem of problems) ctx.logger.warn({ caseId: problem.caseId, code: problem.code }, problem.message);
  return {
    evaluated: evaluated.evaluations.length,
    changedClocks: evaluated.changedClocks,
    caseWrites: written.caseWrites,
    issueWrites: written.issueWrites,
    alerts: alerted.alerts,
    problems,
  };
}

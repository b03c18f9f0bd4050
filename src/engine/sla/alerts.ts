/**
 * At-risk and breach alerts: once per ticket, metric and state. The right to announce is taken
 * with a conditional update of sla_results.notified_state, so two workers evaluating the same
 * ticket send one alert; a failed send gives the right back so a later pass or scan retries.
 * After one failed send the rest wait for that retry too: alerts go out inside the sync pass, and a
 * Slack or SMTP outage must not hold every pass for one timeout per alert.
 */
import { chooseTarget } from '../../domain/sync/routing.js';
import { claimNotification, markNotified } from '../../adapters/store/sla-results.js';
import { listLinksForCases } from '../../adapters/store/links.js';
import type { Notifier, SlaAlert } from '../../adapters/notify/types.js';
import type { EngineContext } from '../context.js';
import type { Problem } from '../problems.js';
import type { TicketEvaluation } from './evaluate.js';

export async function sendSlaAlerts(ctx: EngineContext, notifier: Notifier | undefined, evaluations: readonly TicketEvaluation[]): Promise<{ alerts: number; problems: Problem[] }> {
  const outcome = { alerts: 0, problems: [] as Problem[] };
  if (!notifier) return outcome;
  const due = evaluations.flatMap((evaluation) =>
    evaluation.result.metrics
      .filter((clock) => (clock.state === 'at_risk' || clock.state === 'breached') && evaluation.before.get(clock.metric)?.notifiedState !== clock.state)
      .map((clock) => ({ evaluation, clock, state: clock.state as SlaAlert['state'] })),
  );
  if (due.length === 0) return outcome;
  const links = await listLinksForCases(ctx.db, [...new Set(due.map((d) => d.evaluation.ticket.caseId))]);
  for (const [index, { evaluation, clock, state }] of due.entries()) {
    const { ticket, result } = evaluation;
    if (!(await claimNotification(ctx.db, ticket.caseId, clock.metric, state))) continue;
    const fields = { Priority: ticket.priority, Customer_Tier__c: ticket.tier, Region__c: ticket.region, Topic__c: ticket.topic, Status: ticket.status, CaseNumber: ticket.caseNumber };
    const target = chooseTarget(ctx.config.routing, ticket.topic, fields);
    const alert: SlaAlert = {
      caseId: ticket.caseId,
      caseNumber: ticket.caseNumber,
      metric: clock.metric,
      state,
      dueAtMs: clock.dueAtMs,
      breachedAtMs: clock.breachedAtMs,
      priority: ticket.priority,
      tier: ticket.tier,
      region: ticket.region,
      topic: ticket.topic,
      policy: result.policy ?? '',
      routing: { project: target.project, rule: target.rule },
      issueKey: links.find((l) => l.caseId === ticket.caseId && l.state === 'linked')?.issueKey ?? null,
    };
    try {
      await notifier.sendSlaAlert(alert);
      outcome.alerts++;
    } catch (error) {
      await markNotified(ctx.db, ticket.caseId, clock.metric, evaluation.before.get(clock.metric)?.notifiedState ?? null);
      outcome.problems.push({
        caseId: ticket.caseId,
        code: (error as { code?: string }).code ?? 'ALERT_FAILED',
        message: `sending the ${state} alert for ${clock.metric}: ${(error as Error).message}`,
      });
      const left = due.length - index - 1;
      if (left > 0) outcome.problems.push({ caseId: ticket.caseId, code: 'ALERTS_POSTPONED', message: `up to ${left} more SLA alert(s) left for the next pass or scan after that failure` });
      break;
    }
  }
  return outcome;
}

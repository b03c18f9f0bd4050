/**
 * Stakeholder updates and incident moments, every minute: records the moments the incident metrics
 * and histograms need, then sends the stakeholder updates that are due (each slot claimed once in
 * the outbox, so replicas running at once send it once; one left unsent past its lease is sent again).
 * `register()` only schedules; `run()` does the work (tests call it with a fake clock in the deps).
 */
import type { ScheduledTask } from 'node-cron';
import { scheduleJob } from './schedule.js';
import type { IncidentJobDeps } from '../engine/incidents/deps.js';
import { recordIncidentMoments } from '../engine/incidents/incident-moments.js';
import type { MomentsOutcome } from '../engine/incidents/incident-moments.js';
import { runStakeholderUpdates } from '../engine/incidents/stakeholder-updates.js';
import type { StakeholderOutcome } from '../engine/incidents/stakeholder-updates.js';

export async function run(deps: IncidentJobDeps): Promise<{ moments: MomentsOutcome; updates: StakeholderOutcome }> {
  const moments = await recordIncidentMoments(deps.ctx, deps.incidents);
  const updates = await runStakeholderUpdates(deps.ctx, deps.incidents);
  return { moments, updates };
}

/** Runs on a cron schedule (default every minute); overlapping runs are skipped. */
export function register(deps: IncidentJobDeps, options: { cron?: string } = {}): ScheduledTask {
  return scheduleJob('stakeholder-updates', options.cron ?? '* * * * *', deps.ctx.logger, async () => {
    const outcome = await run(deps);
    const { sent, wentGlobal, retried } = outcome.updates;
    if (sent.length > 0 || retried.length > 0) deps.ctx.logger.info({ sent, wentGlobal, retried }, 'stakeholder updates');
  });
}

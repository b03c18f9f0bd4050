/**
 * Walks the on-call chain of unacknowledged incidents, one step per elapsed wait.
 * `register()` only schedules; `run()` does the work (tests call it with a fake clock in the deps).
 */
import type { ScheduledTask } from 'node-cron';
import { scheduleJob } from './schedule.js';
import type { IncidentJobDeps } from '../engine/incidents/deps.js';
import { runEscalation } from '../engine/incidents/escalate.js';

export function run(deps: IncidentJobDeps): ReturnType<typeof runEscalation> {
  return runEscalation(deps.ctx, deps.incidents);
}

/** Runs on a cron schedule (default every minute); overlapping runs are skipped. */
export function register(deps: IncidentJobDeps, options: { cron?: string } = {}): ScheduledTask {
  return scheduleJob('incident-escalation', options.cron ?? '* * * * *', deps.ctx.logger, () => run(deps));
}

/**
 * Notifies overdue RCA stages once.
 * `register()` only schedules; `run()` does the work (tests call it with a fake clock in the deps).
 */
import type { ScheduledTask } from 'node-cron';
import { scheduleJob } from './schedule.js';
import type { IncidentJobDeps } from '../engine/incidents/deps.js';
import { runRcaOverdue } from '../engine/incidents/overdue-rca.js';

export function run(deps: IncidentJobDeps): ReturnType<typeof runRcaOverdue> {
  return runRcaOverdue(deps.ctx, deps.incidents);
}

/** Runs on a cron schedule (default every 15 minutes); overlapping runs are skipped. */
export function register(deps: IncidentJobDeps, options: { cron?: string } = {}): ScheduledTask {
  return scheduleJob('rca-overdue', options.cron ?? '*/15 * * * *', deps.ctx.logger, () => run(deps));
}

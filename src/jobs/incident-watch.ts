/**
 * Watches the incidents project: resolutions fan out to linked cases and create RCA stages; closing
 * with open sub-tasks is reverted (block) or warned about.
 * `register()` only schedules; `run()` does the work (tests call it with a fake clock in the deps).
 */
import type { ScheduledTask } from 'node-cron';
import { scheduleJob } from './schedule.js';
import type { IncidentJobDeps } from '../engine/incidents/deps.js';
import { runIncidentWatch } from '../engine/incidents/watch-incidents.js';

export function run(deps: IncidentJobDeps): ReturnType<typeof runIncidentWatch> {
  return runIncidentWatch(deps.ctx, deps.incidents);
}

/** Runs on a cron schedule (default every minute); overlapping runs are skipped. */
export function register(deps: IncidentJobDeps, options: { cron?: string } = {}): ScheduledTask {
  return scheduleJob('incident-watch', options.cron ?? '* * * * *', deps.ctx.logger, () => run(deps));
}

/**
 * Watches the incidents project: resolutions fan out to linked cases and create RCA stages; closing
 * with open sub-tasks is reverted (block) or warned about.
 * `register()` only schedules; `run()` does the work (tests call it with a fake clock in the deps).
 */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { IncidentJobDeps } from '../engine/incidents/deps.js';
import { runIncidentWatch } from '../engine/incidents/watch-incidents.js';

export function run(deps: IncidentJobDeps): ReturnType<typeof runIncidentWatch> {
  return runIncidentWatch(deps.ctx, deps.incidents);
}

/** Runs on a cron schedule (default every minute); overlapping runs are skipped. */
export function register(deps: IncidentJobDeps, options: { cron?: string } = {}): ScheduledTask {
  return cron.schedule(
    options.cron ?? '* * * * *',
    async () => {
      try {
        await run(deps);
      } catch (error) {
        deps.ctx.logger.error({ err: error }, 'incident-watch failed');
      }
    },
    { name: 'incident-watch', noOverlap: true },
  );
}

/**
 * The one way jobs are scheduled: node-cron, overlapping runs skipped, a failure logged rather
 * than thrown (the next slot tries again; the work itself is idempotent and claims what it does).
 */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from '../logging.js';

export function scheduleJob(name: string, cronExpression: string, logger: Logger, run: () => Promise<unknown>): ScheduledTask {
  return cron.schedule(
    cronExpression,
    async () => {
      try {
        await run();
      } catch (error) {
        logger.error({ err: error, job: name }, `${name} failed`);
      }
    },
    { name, noOverlap: true },
  );
}

/**
 * How a backfill waits on the governor before a batch: a yield (live work, a closed rate-limit
 * window) is waited out; the daily share spent either stops the run (resumable from its cursor) or,
 * with `waitForBudget`, waits for the next window and goes on.
 */
import type { Logger } from '../../logging.js';
import type { BudgetGovernor } from './governor.js';

/** Why and until when a backfill stopped for the budget. */
export interface BudgetStop {
  reason: string;
  /** ISO instant from which a new run (or the waiting one) may go on. */
  resumeAt: string;
}

export interface BackfillBudgetOptions {
  waitForBudget: boolean;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  logger: Pick<Logger, 'info'>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the batch may go (undefined), or with the stop when the share is spent and the run must not wait. */
export async function waitForBackfillBudget(governor: BudgetGovernor, options: BackfillBudgetOptions): Promise<BudgetStop | undefined> {
  const sleep = options.sleep ?? defaultSleep;
  let lastReason = '';
  for (;;) {
    const admission = await governor.admit('backfill');
    if (admission.go) return undefined;
    const stop = { reason: admission.reason, resumeAt: new Date(admission.retryAtMs).toISOString() };
    if (admission.kind === 'exhausted' && !options.waitForBudget) return stop;
    // One log line per reason, not one per wait.
    if (admission.reason !== lastReason) options.logger.info({ ...stop, kind: admission.kind }, 'backfill waits for the API budget');
    lastReason = admission.reason;
    await sleep(Math.max(0, admission.retryAtMs - Date.now()));
  }
}

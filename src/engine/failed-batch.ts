/**
 * What becomes of a sync batch that threw. An exhausted API limit is no fault of the work: it is
 * kept for later without spending an attempt. A configuration problem would fail every batch the
 * same way: one dead letter naming the field. Anything else is retried by pg-boss, and on the last
 * attempt each record gets its dead letter (`dead-letters retry` hands them back).
 */
import { addDeadLetter } from '../adapters/store/dead-letters.js';
import { isConfigurationProblem, isRateLimitError } from '../errors.js';
import { deadLettered } from '../metrics.js';
import type { EngineContext } from './context.js';
import { QUEUES } from './queue.js';
import type { CaseJob, IssueJob, QueueName, SyncJob } from './sync-jobs.js';
import { keyOf } from './sync-jobs.js';

export interface FailedBatch {
  queue: QueueName;
  jobs: readonly SyncJob[];
  correlationId: string;
  error: unknown;
}

/** Keeps records for another try once a limit's window may have freed, without spending an attempt. */
export type KeepForLater = (queue: QueueName, data: Array<CaseJob | IssueJob>, meta: { retryAfterMs: number; correlationId: string; code: string }) => Promise<void>;

/** Settles `batch`; returns how many dead letters it wrote, or throws its error for pg-boss to retry. */
export async function settleFailedBatch(ctx: Pick<EngineContext, 'db' | 'logger'>, batch: FailedBatch, keepForLater: KeepForLater): Promise<number> {
  const { queue, jobs, correlationId, error } = batch;
  if (isRateLimitError(error)) {
    await keepForLater(
      queue,
      jobs.map((job) => job.data),
      { retryAfterMs: error.retryAfterMs ?? 0, correlationId, code: error.code },
    );
    return 0;
  }
  if (isConfigurationProblem(error)) {
    // The dead letter holds the batch's records, so retrying it once the config is fixed hands them all back.
    ctx.logger.error({ queue, jobs: jobs.length, correlationId, code: error.code, fields: error.fields }, error.message);
    await addDeadLetter(ctx.db, {
      queue,
      jobId: jobs[0]?.id ?? null,
      payload: queue === QUEUES.caseChanged ? { caseIds: jobs.map((j) => keyOf(j.data)) } : { issueKeys: jobs.map((j) => keyOf(j.data)) },
      errorCode: error.code,
      errorMessage: error.message,
      attempts: 1,
    });
    deadLettered.inc(1);
    return 1;
  }
  const lastAttempt = jobs.every((j) => j.retryCount >= j.retryLimit);
  ctx.logger.warn({ err: error, queue, jobs: jobs.length, correlationId, lastAttempt }, 'sync batch failed');
  if (!lastAttempt) throw error;
  for (const job of jobs) {
    await addDeadLetter(ctx.db, {
      queue,
      jobId: job.id,
      payload: job.data,
      errorCode: (error as { code?: string }).code ?? 'SYNC_FAILED',
      errorMessage: error instanceof Error ? error.message : String(error),
      attempts: job.retryCount + 1,
    });
  }
  deadLettered.inc(jobs.length);
  return jobs.length;
}

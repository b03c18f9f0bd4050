/**
 * One batch from a sync queue, run as a sync pass: the cases its jobs name, the pass within the
 * batch's wait budget, and what the pass left undone put back on the queue for later. Apart from
 * engine.ts, which only fetches batches and hands them out; this is what a batch does.
 */
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { listLinksForIssues } from '../adapters/store/links.js';
import type { EngineContext } from './context.js';
import { addBatchOutcome } from './engine-stats.js';
import type { EngineStats } from './engine-stats.js';
import { settleFailedBatch } from './failed-batch.js';
import type { KeepForLater } from './failed-batch.js';
import { QUEUES } from './queue.js';
import { withWaitBudget } from './retry.js';
import { syncCases } from './sync-cases.js';
import type { CaseJob, IssueJob, QueueName, SyncJob } from './sync-jobs.js';
import { keyOf } from './sync-jobs.js';

/** The waits a batch's leftovers are put back with, and the pass's retry-wait budget (all in ms). */
export interface SyncBatchTimings {
  rateLimitDeferMs: number;
  heldCaseRetryMs: number;
  passWaitBudgetMs: number;
}

export class SyncBatchRunner {
  constructor(
    private readonly ctx: EngineContext,
    private readonly boss: PgBoss,
    private readonly stats: EngineStats,
    private readonly timings: SyncBatchTimings,
  ) {}

  /** Runs one batch; throws to have pg-boss retry it, except on the last attempt (dead letters). */
  async run(queue: QueueName, jobs: SyncJob[]): Promise<void> {
    const correlationId = randomUUID();
    const jobId = jobs[0]?.id;
    try {
      const caseIds = await this.caseIdsOf(queue, jobs);
      const outcome = await withWaitBudget(this.timings.passWaitBudgetMs, () => syncCases(this.ctx, caseIds, { correlationId, jobId }));
      if (addBatchOutcome(this.stats, jobs.length, outcome) > 0) {
        this.ctx.logger.info(
          {
            queue,
            cases: caseIds.length,
            created: outcome.created,
            caseUpdates: outcome.caseUpdates,
            issueUpdates: outcome.issueUpdates,
            transitions: outcome.transitions,
            comments: outcome.commentsToJira + outcome.commentsToSalesforce,
            correlationId,
          },
          'synced',
        );
      }
      const soon = new Set(outcome.heldByAnotherPass);
      // Another pass holds these cases, for that pass only: look again shortly.
      await this.requeueAfter([...soon], this.timings.heldCaseRetryMs);
      // Another worker holds these cases' create intents (or a create is in doubt); look again once its lease may have run out.
      await this.requeueAfter(
        [...new Set(outcome.deferred)].filter((caseId) => !soon.has(caseId)),
        Math.ceil(this.ctx.intentLeaseMs / 2),
      );
      if (outcome.refusedForNow.length > 0) {
        // Only the records a limit refused: what the pass did write is done and recorded.
        const retryAfterMs = Math.max(0, ...outcome.refusedForNow.map((r) => r.retryAfterMs ?? 0));
        await this.keepForLater(
          QUEUES.caseChanged,
          [...new Set(outcome.refusedForNow.map((r) => r.caseId))].map((caseId) => ({ caseId })),
          { retryAfterMs, correlationId, code: 'RATE_LIMITED' },
        );
      }
    } catch (error) {
      // Awaited first: `+= await` would add to the count as it was before the wait.
      const letters = await settleFailedBatch(this.ctx, { queue, jobs, correlationId, error }, this.keepForLater);
      this.stats.deadLettered += letters;
    }
  }

  /** Queues case jobs to start after `delayMs` (nothing when there are none). */
  private async requeueAfter(caseIds: readonly string[], delayMs: number): Promise<void> {
    if (caseIds.length === 0) return;
    const startAfter = new Date(Date.now() + delayMs);
    await this.boss.insert(caseIds.map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId, startAfter })));
  }

  /**
   * An exhausted API limit is no fault of the work: keep it, without spending an attempt, and try
   * again once the window may have freed (Retry-After when the server gave one).
   */
  private readonly keepForLater: KeepForLater = async (queue, data, meta) => {
    const startAfter = new Date(Date.now() + Math.max(meta.retryAfterMs, this.timings.rateLimitDeferMs));
    await this.boss.insert(data.map((d) => ({ name: queue, data: d, singletonKey: keyOf(d), startAfter })));
    this.stats.deferredForLimits += data.length;
    this.ctx.logger.warn({ queue, jobs: data.length, correlationId: meta.correlationId, startAfter, code: meta.code }, 'API limit reached; work kept for later');
  };

  private async caseIdsOf(queue: QueueName, jobs: SyncJob[]): Promise<string[]> {
    if (queue === QUEUES.caseChanged) return jobs.map((j) => (j.data as CaseJob).caseId);
    const keys = jobs.map((j) => (j.data as IssueJob).issueKey);
    return (await listLinksForIssues(this.ctx.db, keys)).filter((l) => l.state === 'linked').map((l) => l.caseId);
  }
}

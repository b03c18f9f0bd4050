/**
 * The sync engine: change feeds put record ids on two queues (one per direction); workers take
 * them in batches and run state-based sync passes. Jobs that keep failing land in dead letters.
 */
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { listLinksForIssues } from '../adapters/store/links.js';
import type { EngineContext } from './context.js';
import { pollJira } from './feeds/jira-poll.js';
import { pollSalesforce } from './feeds/salesforce-poll.js';
import { QUEUES } from './queue.js';
import { startExpiredJobsWorker } from './expired-jobs.js';
import { syncCases } from './sync-cases.js';
import { withWaitBudget } from './retry.js';
import { createInProcessWakeup } from './queue-wakeup.js';
import type { QueueWakeup } from './queue-wakeup.js';
import type { BudgetGovernor } from './budget/governor.js';
import { addBatchOutcome, emptyEngineStats } from './engine-stats.js';
import type { EngineStats } from './engine-stats.js';
import { settleFailedBatch } from './failed-batch.js';
import type { CaseJob, IssueJob, QueueName, SyncJob } from './sync-jobs.js';
import { keyOf } from './sync-jobs.js';

export type { EngineStats } from './engine-stats.js';

export interface EngineOptions {
  /** Jobs per batch (default 200: one sObject Collection, four Jira bulk creates). */
  batchSize?: number;
  /** How long work refused by an API limit waits before it is tried again, at least (default 60 s). */
  rateLimitDeferMs?: number;
  /**
   * How long a case another pass holds (the case, or its comment step) waits before it is looked at
   * again (default {@link HELD_CASE_RETRY_MS}): that claim ends with the other pass, not with a lease.
   */
  heldCaseRetryMs?: number;
  /**
   * Retry waits one batch may spend in process, across all its requests (default
   * {@link PASS_WAIT_BUDGET_MS}); past it, rate-limited work is kept for later instead. The queue's
   * job expiry is well above it, so no second worker takes a batch while this one waits.
   */
  passWaitBudgetMs?: number;
  /**
   * How queued work wakes the workers at once instead of at their next poll (default: within this
   * process only, gathering for `engine.gatherMs`); the runtime passes the PostgreSQL one across processes.
   */
  wakeup?: QueueWakeup;
  /** Asked before each periodic poll: polls give way to a live backlog and a nearly spent allocation. */
  governor?: BudgetGovernor;
}

/** Default wait before a case another pass held is looked at again: a few passes' time. */
export const HELD_CASE_RETRY_MS = 2_000;

/** Default retry waits per batch: a quarter of the queue's default job expiry (300 s). */
export const PASS_WAIT_BUDGET_MS = 75_000;

export class SyncEngine {
  readonly stats: EngineStats = emptyEngineStats();
  private readonly batchSize: number;
  private readonly rateLimitDeferMs: number;
  private readonly heldCaseRetryMs: number;
  private readonly passWaitBudgetMs: number;
  private timers: NodeJS.Timeout[] = [];
  private working: string[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private readonly wakeup: QueueWakeup;
  private unsubscribeWakeups: Array<() => void> = [];
  private readonly governor: BudgetGovernor | undefined;
  private readonly skippedPolls = new Map<string, number>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly boss: PgBoss,
    options: EngineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.rateLimitDeferMs = options.rateLimitDeferMs ?? 60_000;
    this.heldCaseRetryMs = options.heldCaseRetryMs ?? HELD_CASE_RETRY_MS;
    this.passWaitBudgetMs = options.passWaitBudgetMs ?? PASS_WAIT_BUDGET_MS;
    this.wakeup = options.wakeup ?? createInProcessWakeup({ gatherMs: ctx.config.engine.gatherMs });
    this.governor = options.governor;
  }

  /** Queues case jobs to start after `delayMs` (nothing when there are none). */
  private async requeueAfter(caseIds: readonly string[], delayMs: number): Promise<void> {
    if (caseIds.length === 0) return;
    const startAfter = new Date(Date.now() + delayMs);
    await this.boss.insert(caseIds.map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId, startAfter })));
  }

  async enqueueCases(caseIds: readonly string[]): Promise<void> {
    // insert collapses duplicates through the stately queue's unique index (one queued job per key).
    if (caseIds.length === 0) return;
    await this.boss.insert([...new Set(caseIds)].map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId })));
    await this.wakeup.announce(QUEUES.caseChanged);
  }

  async enqueueIssues(issueKeys: readonly string[]): Promise<void> {
    if (issueKeys.length === 0) return;
    await this.boss.insert([...new Set(issueKeys)].map((issueKey) => ({ name: QUEUES.issueChanged, data: { issueKey }, singletonKey: issueKey })));
    await this.wakeup.announce(QUEUES.issueChanged);
  }

  /** One read of both change feeds. */
  async pollOnce(): Promise<{ cases: number; issues: number }> {
    const cases = await pollSalesforce(this.ctx, (ids) => this.enqueueCases(ids));
    const issues = await pollJira(this.ctx, (keys) => this.enqueueIssues(keys));
    return { cases, issues };
  }

  /** Processes queued jobs until none are ready (for `sync --once`, backfill and tests). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = (await this.processBatch(QUEUES.issueChanged)) + (await this.processBatch(QUEUES.caseChanged));
      if (done === 0) return total;
      total += done;
    }
  }

  /** Workers on both queues (the `worker` role). */
  async startWorkers(): Promise<void> {
    for (const queue of [QUEUES.caseChanged, QUEUES.issueChanged]) {
      // This process's workers of the queue: a backlog wakes all of them, not only the one that found it.
      const workerIds: string[] = [];
      for (let n = 0; n < this.ctx.config.engine.batchesAtOnce; n++) {
        const workerId = await this.boss.work(queue, { batchSize: this.batchSize, pollingIntervalSeconds: 1, includeMetadata: true }, async (jobs) => {
          // pg-boss 10 waits out the rest of its poll interval after every batch. A full batch means a
          // backlog: every worker of the queue here looks again at once, the others right now (so
          // with batchesAtOnce > 1 they take the rest of the backlog while this batch is out, rather
          // than at their next poll or the next wake-up) and this one as soon as its batch is done (a
          // notice during a batch skips the wait after it). After a partial batch, what arrived
          // meanwhile was announced, and that wake-up comes `gatherMs` after the first of it: the
          // window is anchored to the oldest waiting job, so batches grow with the load and no job
          // waits much past gatherMs plus the batch in hand (looking again at once made batch = rate ×
          // batch time whatever gatherMs).
          if (jobs.length >= this.batchSize) for (const id of workerIds) this.boss.notifyWorker(id);
          await this.track(this.handle(queue, jobs as SyncJob[]));
        });
        workerIds.push(workerId);
        // The wake-up (gatherMs after the first job of a window) makes an idle worker fetch at once, and
        // a busy one right after its batch, without the poll's wait.
        this.unsubscribeWakeups.push(this.wakeup.onWake(queue, () => this.boss.notifyWorker(workerId)));
      }
      this.working.push(queue);
    }
    this.working.push(await startExpiredJobsWorker(this.boss, this.ctx));
  }

  /** Periodic polls of both systems (the scheduler's part; webhooks are the fast path). */
  startPolling(): void {
    const every = (seconds: number, fn: () => Promise<unknown>) => {
      const run = () => void this.track(fn().catch((error: unknown) => this.ctx.logger.error({ err: error }, 'poll failed')));
      // A first poll right away: changes made while casebridge was down are picked up at start.
      void run();
      this.timers.push(setInterval(run, seconds * 1000));
    };
    every(this.ctx.config.salesforce.pollIntervalSeconds, () => this.whenBudgetAllows('salesforce', () => pollSalesforce(this.ctx, (ids) => this.enqueueCases(ids))));
    every(this.ctx.config.jira.pollIntervalSeconds, () => this.whenBudgetAllows('jira', () => pollJira(this.ctx, (keys) => this.enqueueIssues(keys))));
  }

  /**
   * A poll is the safety net behind the push path: skipped while the governor holds it back, but
   * never more than `budget.maxSkippedPolls` times in a row (its cursor has not moved, so the next
   * poll covers the skipped one's window).
   */
  private async whenBudgetAllows(feed: string, poll: () => Promise<unknown>): Promise<unknown> {
    const skipped = this.skippedPolls.get(feed) ?? 0;
    if (this.governor && skipped < (this.ctx.config.budget?.maxSkippedPolls ?? 0)) {
      const admission = await this.governor.admit('poll');
      if (!admission.go) {
        this.skippedPolls.set(feed, skipped + 1);
        this.ctx.logger.info({ feed, reason: admission.reason, skippedInRow: skipped + 1 }, 'poll skipped for the API budget');
        return undefined;
      }
    }
    this.skippedPolls.set(feed, 0);
    return poll();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const unsubscribe of this.unsubscribeWakeups) unsubscribe();
    this.unsubscribeWakeups = [];
    for (const queue of this.working) await this.boss.offWork(queue);
    this.working = [];
    // offWork stops fetching but does not wait for the batch in hand (pg-boss 10): wait here, so
    // in-flight work completes before the pool and the clients close.
    await Promise.allSettled([...this.inFlight]);
  }

  /** Remembers work in progress until it settles, so stop() can wait for it. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  private async processBatch(queue: QueueName): Promise<number> {
    const jobs = (await this.boss.fetch(queue, { batchSize: this.batchSize, includeMetadata: true })) as SyncJob[] | null;
    if (!jobs || jobs.length === 0) return 0;
    try {
      await this.handle(queue, jobs);
      await this.boss.complete(
        queue,
        jobs.map((j) => j.id),
      );
    } catch {
      // handle() logged it; pg-boss schedules the retry with backoff.
      await this.boss.fail(
        queue,
        jobs.map((j) => j.id),
      );
    }
    return jobs.length;
  }

  /** Runs one batch; throws to have pg-boss retry it, except on the last attempt (dead letters). */
  private async handle(queue: QueueName, jobs: SyncJob[]): Promise<void> {
    const correlationId = randomUUID();
    const jobId = jobs[0]?.id;
    try {
      const caseIds = await this.caseIdsOf(queue, jobs);
      const outcome = await withWaitBudget(this.passWaitBudgetMs, () => syncCases(this.ctx, caseIds, { correlationId, jobId }));
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
      await this.requeueAfter([...soon], this.heldCaseRetryMs);
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
      const letters = await settleFailedBatch(this.ctx, { queue, jobs, correlationId, error }, (q, data, meta) => this.keepForLater(q, data, meta));
      this.stats.deadLettered += letters;
    }
  }

  /**
   * An exhausted API limit is no fault of the work: keep it, without spending an attempt, and try
   * again once the window may have freed (Retry-After when the server gave one).
   */
  private async keepForLater(queue: QueueName, data: Array<CaseJob | IssueJob>, meta: { retryAfterMs: number; correlationId: string; code: string }): Promise<void> {
    const startAfter = new Date(Date.now() + Math.max(meta.retryAfterMs, this.rateLimitDeferMs));
    await this.boss.insert(data.map((d) => ({ name: queue, data: d, singletonKey: keyOf(d), startAfter })));
    this.stats.deferredForLimits += data.length;
    this.ctx.logger.warn({ queue, jobs: data.length, correlationId: meta.correlationId, startAfter, code: meta.code }, 'API limit reached; work kept for later');
  }

  private async caseIdsOf(queue: QueueName, jobs: SyncJob[]): Promise<string[]> {
    if (queue === QUEUES.caseChanged) return jobs.map((j) => (j.data as CaseJob).caseId);
    const keys = jobs.map((j) => (j.data as IssueJob).issueKey);
    return (await listLinksForIssues(this.ctx.db, keys)).filter((l) => l.state === 'linked').map((l) => l.caseId);
  }
}

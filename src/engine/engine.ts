/**
 * The sync engine: change feeds put record ids on two queues (one per direction); workers take
 * them in batches and run state-based sync passes. Jobs that keep failing land in dead letters.
 */
import type PgBoss from 'pg-boss';
import type { EngineContext } from './context.js';
import { pollJira } from './feeds/jira-poll.js';
import { pollSalesforce } from './feeds/salesforce-poll.js';
import { QUEUES } from './queue.js';
import { startExpiredJobsWorker } from './expired-jobs.js';
import { createInProcessWakeup } from './queue-wakeup.js';
import type { QueueWakeup } from './queue-wakeup.js';
import type { BudgetGovernor } from './budget/governor.js';
import { emptyEngineStats } from './engine-stats.js';
import type { EngineStats } from './engine-stats.js';
import { PeriodicPolls } from './periodic-polls.js';
import { SyncBatchRunner } from './sync-batch.js';
import type { QueueName, SyncJob } from './sync-jobs.js';

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
  private readonly batches: SyncBatchRunner;
  private readonly polls: PeriodicPolls;
  private working: string[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private readonly wakeup: QueueWakeup;
  private unsubscribeWakeups: Array<() => void> = [];

  constructor(
    private readonly ctx: EngineContext,
    private readonly boss: PgBoss,
    options: EngineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.batches = new SyncBatchRunner(ctx, boss, this.stats, {
      rateLimitDeferMs: options.rateLimitDeferMs ?? 60_000,
      heldCaseRetryMs: options.heldCaseRetryMs ?? HELD_CASE_RETRY_MS,
      passWaitBudgetMs: options.passWaitBudgetMs ?? PASS_WAIT_BUDGET_MS,
    });
    this.wakeup = options.wakeup ?? createInProcessWakeup({ gatherMs: ctx.config.engine.gatherMs });
    this.polls = new PeriodicPolls(ctx, options.governor, (work) => this.track(work));
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
    return { cases: await this.pollCases(), issues: await this.pollIssues() };
  }

  /** One look at each feed: what changed since its cursor is queued. */
  private readonly pollCases = (): Promise<number> => pollSalesforce(this.ctx, (ids) => this.enqueueCases(ids));
  private readonly pollIssues = (): Promise<number> => pollJira(this.ctx, (keys) => this.enqueueIssues(keys));

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
          await this.track(this.batches.run(queue, jobs as SyncJob[]));
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
    this.polls.start([
      { feed: 'salesforce', seconds: this.ctx.config.salesforce.pollIntervalSeconds, poll: this.pollCases },
      { feed: 'jira', seconds: this.ctx.config.jira.pollIntervalSeconds, poll: this.pollIssues },
    ]);
  }

  async stop(): Promise<void> {
    this.polls.stop();
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
      await this.batches.run(queue, jobs);
      await this.boss.complete(
        queue,
        jobs.map((j) => j.id),
      );
    } catch {
      // The batch runner logged it; pg-boss schedules the retry with backoff.
      await this.boss.fail(
        queue,
        jobs.map((j) => j.id),
      );
    }
    return jobs.length;
  }
}

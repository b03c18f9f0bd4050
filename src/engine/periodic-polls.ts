/**
 * The periodic polls of both systems (the scheduler's part; webhooks are the fast path). Apart from
 * engine.ts because of the API budget: a poll may give way to the budget governor, and this keeps
 * count of how often each feed's poll did so in a row.
 */
import type { BudgetGovernor } from './budget/governor.js';
import type { EngineContext } from './context.js';

/** One feed's poll, run every `seconds`. */
export interface PeriodicPoll {
  feed: string;
  seconds: number;
  poll: () => Promise<unknown>;
}

export class PeriodicPolls {
  private timers: NodeJS.Timeout[] = [];
  private readonly skippedPolls = new Map<string, number>();

  /** `track` holds each poll in progress, so the engine's stop can wait for it. */
  constructor(
    private readonly ctx: EngineContext,
    private readonly governor: BudgetGovernor | undefined,
    private readonly track: <T>(work: Promise<T>) => Promise<T>,
  ) {}

  start(polls: readonly PeriodicPoll[]): void {
    for (const { feed, seconds, poll } of polls) {
      const run = () => void this.track(this.whenBudgetAllows(feed, poll).catch((error: unknown) => this.ctx.logger.error({ err: error }, 'poll failed')));
      // A first poll right away: changes made while casebridge was down are picked up at start.
      void run();
      this.timers.push(setInterval(run, seconds * 1000));
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
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
}

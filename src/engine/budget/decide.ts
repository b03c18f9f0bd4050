/**
 * The API-budget governor's decision, pure: may this kind of work spend API calls now? Live changes
 * and incident work always may (the budget is kept for them); the periodic polls give way when the
 * live queues are already busy or the day's allocation is nearly spent; a backfill gives way to any
 * live or urgent work, to a rate-limit window that is closed, and stops for the day at its share of
 * the daily allocation.
 */
import type { BudgetConfig } from './config.js';

/** What asks: a change the feeds queued, incident/P1 work, a periodic poll, or a backfill batch. */
export type WorkKind = 'live' | 'urgent' | 'poll' | 'backfill';

/** One system's budget as its last responses showed it (the `api_usage` row). */
export interface BudgetUsage {
  system: 'salesforce' | 'jira';
  dailyUsed: number | null;
  dailyLimit: number | null;
  windowRemaining: number | null;
  windowResetAt: Date | null;
  lastThrottledAt: Date | null;
  lastRetryAfterMs: number | null;
}

/** Work waiting that the budget is kept for. */
export interface LiveLoad {
  /** Jobs queued (due now) on the live queues. */
  liveQueued: number;
  /** Open incidents, or queued P1 work. */
  urgent: number;
}

export type Admission =
  | { go: true }
  | {
      go: false;
      /** `yield`: come back shortly; `exhausted`: the share for this window is spent. */
      kind: 'yield' | 'exhausted';
      reason: string;
      /** Epoch ms to ask again at. */
      retryAtMs: number;
    };

/** Start of the next UTC day: Jira's and our own daily count roll over then. */
export function nextUtcDayMs(nowMs: number): number {
  const day = new Date(nowMs);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

/** Share of the daily allocation used, or null when the system has not said. */
export function dailyShare(usage: BudgetUsage): number | null {
  if (usage.dailyUsed === null || !usage.dailyLimit) return null;
  return usage.dailyUsed / usage.dailyLimit;
}

/** A window closed by a 429 (Retry-After still running) or a window with nothing left before its reset. */
function closedWindowUntilMs(usage: BudgetUsage, nowMs: number): number | null {
  if (usage.lastThrottledAt && usage.lastRetryAfterMs !== null) {
    const until = usage.lastThrottledAt.getTime() + usage.lastRetryAfterMs;
    if (until > nowMs) return until;
  }
  if (usage.windowRemaining !== null && usage.windowRemaining <= 0 && usage.windowResetAt && usage.windowResetAt.getTime() > nowMs) return usage.windowResetAt.getTime();
  return null;
}

export function decideAdmission(work: WorkKind, usage: readonly BudgetUsage[], load: LiveLoad, policy: BudgetConfig, nowMs: number): Admission {
  if (work === 'live' || work === 'urgent') return { go: true };
  const pause = (reason: string) => ({ go: false as const, kind: 'yield' as const, reason, retryAtMs: nowMs + policy.yieldSeconds * 1000 });
  const share = work === 'backfill' ? policy.backfillShare : policy.pollShare;
  for (const system of usage) {
    const used = dailyShare(system);
    if (used !== null && used >= share) {
      return {
        go: false,
        kind: 'exhausted',
        reason: `${system.system} has used ${Math.round(used * 100)} % of its daily API allocation (${system.dailyUsed}/${system.dailyLimit}); ${work} stops at ${Math.round(share * 100)} %`,
        retryAtMs: nextUtcDayMs(nowMs),
      };
    }
    const closedUntil = closedWindowUntilMs(system, nowMs);
    if (closedUntil !== null) return { go: false, kind: 'yield', reason: `${system.system} rate limit window closed until ${new Date(closedUntil).toISOString()}`, retryAtMs: closedUntil };
  }
  if (work === 'backfill') {
    if (load.urgent > 0) return pause(`${load.urgent} incident/P1 item(s) open: the backfill waits`);
    if (load.liveQueued >= policy.backfillYieldBacklog) return pause(`${load.liveQueued} live changes queued: the backfill waits`);
    return { go: true };
  }
  // A poll is the safety net behind the webhooks: skipped while the workers have a backlog anyway.
  if (load.liveQueued >= policy.pollYieldBacklog) return pause(`${load.liveQueued} live changes already queued: the poll waits`);
  return { go: true };
}

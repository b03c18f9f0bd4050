/**
 * The one retry layer: each HTTP request to an external system is retried on its own, with
 * exponential backoff and full jitter, waiting at least as long as the server's Retry-After. A
 * retry therefore never sends more than the one request that failed; an adapter call made of
 * several requests reports per record what each request did, and the engine carries on from there.
 *
 * Requests that are not idempotent (creates, comments, transitions) are retried only when the
 * server refused them outright (rate limits), never after an ambiguous failure such as a reset
 * connection: that is resolved by looking (label search, comment markers, a fresh status read).
 *
 * Waiting is bounded twice, so a job never holds its queue lease through a long Retry-After: a
 * single wait longer than `maxWaitMs` is not waited for at all, and a pass shares one wait budget
 * ({@link withWaitBudget}). When either says no, the error is handed back as it is and the work is
 * kept for later (a rate limit) or failed (anything else).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isRateLimitError, isTransientError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Ceiling of the exponential backoff (a server's Retry-After may ask for more). */
  maxDelayMs: number;
}

export interface RetryHooks {
  /** Waits; tests pass a fake that records the waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, with the error that caused it (metrics, logs, tests). */
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown; operation: string }) => void;
  /** The longest single wait held in process (default {@link MAX_SINGLE_WAIT_MS}). */
  maxWaitMs?: number;
}

/** A Retry-After longer than this is not slept through: the work is kept for later instead. */
export const MAX_SINGLE_WAIT_MS = 30_000;

/** Sends one request (the function given), retrying it alone as the policy allows. */
export type RequestRetry = <T>(operation: string, send: () => Promise<T>, options: { idempotent: boolean }) => Promise<T>;

/** Sends each request once (adapters built without a retry policy: tools, adapter tests). */
export const sendOnce: RequestRetry = (_operation, send) => send();

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The request retry of one policy, shared by every request an adapter sends. */
export function createRequestRetry(policy: RetryPolicy, hooks: RetryHooks = {}): RequestRetry {
  return (operation, send, options) => withRetry(operation, send, policy, { ...hooks, idempotent: options.idempotent });
}

const waitBudget = new AsyncLocalStorage<{ remainingMs: number }>();

/**
 * Runs `work` with at most `budgetMs` of retry waits in total, across all its requests (a sync
 * pass: its job's lease must outlast them). Nested budgets replace the outer one.
 */
export function withWaitBudget<T>(budgetMs: number, work: () => Promise<T>): Promise<T> {
  return waitBudget.run({ remainingMs: budgetMs }, work);
}

export async function withRetry<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy, options: RetryHooks & { idempotent: boolean }): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxWaitMs = options.maxWaitMs ?? MAX_SINGLE_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = options.idempotent ? isTransientError(error) : isRateLimitError(error);
      if (!retryable || attempt >= policy.maxAttempts) throw error;
      // The backoff itself stays under the single-wait cap; only a server's Retry-After goes past it.
      const waitMs = backoffMs(attempt, { ...policy, maxDelayMs: Math.min(policy.maxDelayMs, maxWaitMs) }, random, (error as { retryAfterMs?: number }).retryAfterMs);
      const budget = waitBudget.getStore();
      if (waitMs > maxWaitMs || (budget && waitMs > budget.remainingMs)) throw error;
      if (budget) budget.remainingMs -= waitMs;
      options.onRetry?.({ attempt, waitMs, error, operation });
      await sleep(waitMs);
    }
  }
}

/** Full jitter over an exponential ceiling, but never shorter than what the server asked for. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Retries a call to an external system on transient failures with exponential backoff and full
 * jitter, waiting at least as long as the server's Retry-After. Calls that are not idempotent
 * (creates, comments, transitions) are retried only when the server refused them outright
 * (rate limits), never after an ambiguous failure such as a reset connection: that is left to
 * the intent-and-search recovery so nothing is done twice.
 */
import { isRateLimitError, isTransientError } from '../errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryHooks {
  /** Waits; tests pass a fake that records the waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, with the error that caused it (metrics, logs, tests). */
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown; operation: string }) => void;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy, options: RetryHooks & { idempotent: boolean }): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = options.idempotent ? isTransientError(error) : isRateLimitError(error);
      if (!retryable || attempt >= policy.maxAttempts) throw error;
      const waitMs = backoffMs(attempt, policy, random, (error as { retryAfterMs?: number }).retryAfterMs);
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

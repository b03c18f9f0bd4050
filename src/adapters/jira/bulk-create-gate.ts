/**
 * The bound on Jira bulk creates (`POST /rest/api/3/issue/bulk`, ≤50 issues each) one process has in
 * flight, whatever the number of sync passes running at once (a backfill runs `backfill.concurrency`
 * of them). Jira's burst limit is per endpoint, and a 429 answers whoever sends next: so after a 429
 * no bulk create starts, from any pass, before the wait Jira asked for (`Retry-After`, else
 * `X-RateLimit-Reset`, as `fromJiraError` reads them). Every attempt of the request retry goes
 * through the gate again, so a retried create waits for the same window as a new one.
 *
 * One gate per jira.js client: every `IssueSystem` built over the same client shares it.
 */
import { ApiError } from '../../errors.js';
import { MAX_SINGLE_WAIT_MS, realSleep } from '../../engine/retry.js';
import { fromJiraError } from './errors.js';

/** Bulk creates in flight at once when the config does not say (`jira.bulkCreateConcurrency`). */
export const DEFAULT_BULK_CREATE_CONCURRENCY = 4;
/** The pause after a 429 that named no wait at all (Jira sometimes sends neither header). */
const PAUSE_WITHOUT_HEADER_MS = 1000;

export interface BulkCreateGateOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A pause longer than this is not waited through: the create is refused for now (the work is kept). */
  maxPauseMs?: number;
}

export class BulkCreateGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private pausedUntilMs = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxPauseMs: number;

  constructor(
    readonly limit: number,
    options: BulkCreateGateOptions = {},
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a bulk create gate needs a limit of at least 1, got ${limit}`);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.maxPauseMs = options.maxPauseMs ?? MAX_SINGLE_WAIT_MS;
  }

  /** Sends one bulk create request when a slot is free and no rate-limit pause is running. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await send();
    } catch (error) {
      this.noteRateLimit(error);
      throw error;
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const pauseMs = this.pausedUntilMs - this.now();
      if (pauseMs > this.maxPauseMs) throw this.refusal(pauseMs);
      if (pauseMs > 0) {
        await this.sleep(pauseMs);
        continue;
      }
      if (this.inFlight < this.limit) {
        this.inFlight++;
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private noteRateLimit(error: unknown): void {
    const nowMs = this.now();
    const mapped = fromJiraError(error, nowMs);
    if (mapped.status !== 429) return;
    const until = nowMs + (mapped.retryAfterMs ?? PAUSE_WITHOUT_HEADER_MS);
    this.pausedUntilMs = Math.max(this.pausedUntilMs, until);
  }

  /** A 429 of our own: the request retry and `createIssues` treat it as Jira's (refused for now, kept). */
  private refusal(pauseMs: number): ApiError {
    return new ApiError({
      system: 'jira',
      code: 'RATE_LIMITED',
      message: `Jira bulk creates paused for ${Math.ceil(pauseMs / 1000)} s more after a 429 (Retry-After); not sent`,
      status: 429,
      transient: true,
      retryAfterMs: pauseMs,
    });
  }
}

const gates = new WeakMap<object, BulkCreateGate>();

/** The gate of a jira.js client, made on first use with `limit` (later callers share it). */
export function bulkCreateGateFor(client: object, limit: number = DEFAULT_BULK_CREATE_CONCURRENCY, options?: BulkCreateGateOptions): BulkCreateGate {
  let gate = gates.get(client);
  if (!gate) gates.set(client, (gate = new BulkCreateGate(limit, options)));
  return gate;
}

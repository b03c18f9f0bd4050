/**
 * Keeps what the adapters see of API budgets in memory and writes it to `api_usage` at most once
 * per `flushIntervalMs` (default 5 s), so a pass of hundreds of requests costs one small upsert,
 * not one per request. The web role reads the table; a worker's figures reach it within the interval.
 */
import type { Db } from '../store/db-handle.js';
import { addApiUsage, type ApiUsageDelta } from '../store/api-usage.js';
import { readJiraUsage, readSalesforceUsage, type ApiSystem, type ApiUsageSample, type HeaderBag } from './headers.js';

export interface ApiUsageRecorderOptions {
  db: Db;
  /** Longest time a seen response waits before it is written (default 5 000 ms). */
  flushIntervalMs?: number;
  now?: () => Date;
  /** A failed write is kept for the next flush and reported here (logs). */
  onFlushError?: (error: unknown) => void;
}

/** One HTTP response an adapter saw: its status, headers and (for Salesforce refusals) body text. */
export interface SeenResponse {
  status: number;
  headers: HeaderBag;
  body?: string;
}

export interface ApiUsageRecorder {
  /** Notes one response of `system` (cheap: no I/O; the write follows within the interval). */
  observe(system: ApiSystem, response: SeenResponse): void;
  /** Writes what is pending now (tests, shutdown). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  stop(): Promise<void>;
}

interface Pending extends ApiUsageDelta {
  dirty: boolean;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Merges a response's sample into the pending one: fields it did not carry keep their last value. */
function mergeSample(pending: Pending, sample: ApiUsageSample, at: Date): void {
  const previous = pending.sample ?? { at };
  pending.sample = {
    ...previous,
    at,
    ...(sample.dailyUsed !== undefined ? { dailyUsed: sample.dailyUsed, dailyLimit: sample.dailyLimit } : {}),
    ...(sample.windowLimit !== undefined ? { windowLimit: sample.windowLimit } : {}),
    ...(sample.windowRemaining !== undefined ? { windowRemaining: sample.windowRemaining } : {}),
    ...(sample.windowResetAtMs !== undefined ? { windowResetAt: new Date(sample.windowResetAtMs) } : {}),
    nearLimit: sample.nearLimit ?? false,
  };
}

export function createApiUsageRecorder(options: ApiUsageRecorderOptions): ApiUsageRecorder {
  const now = options.now ?? (() => new Date());
  const flushIntervalMs = options.flushIntervalMs ?? 5000;
  // Keyed by system and UTC day, so counts of a day that ended before its write keep their own day.
  const pending = new Map<string, Pending>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const entry = (system: ApiSystem, day: string): Pending => {
    const key = `${system}|${day}`;
    let current = pending.get(key);
    if (!current) {
      const earlier = [...pending.values()].filter((p) => p.system === system).at(-1);
      current = { system, day, requests: 0, throttled: 0, dirty: false, ...(earlier?.sample ? { sample: earlier.sample } : {}) };
      pending.set(key, current);
    }
    return current;
  };

  async function writePending(): Promise<void> {
    for (const current of pending.values()) {
      if (!current.dirty) continue;
      const delta: ApiUsageDelta = { ...current };
      current.dirty = false;
      current.requests = 0;
      current.throttled = 0;
      delete current.lastThrottled;
      try {
        await addApiUsage(options.db, delta);
      } catch (error) {
        // Put the counts back: nothing seen is lost to a failed write.
        current.requests += delta.requests;
        current.throttled += delta.throttled;
        if (delta.lastThrottled && !current.lastThrottled) current.lastThrottled = delta.lastThrottled;
        current.dirty = true;
        options.onFlushError?.(error);
      }
    }
    // Only the newest day of each system stays (it carries the sample on); older written days go.
    for (const [key, current] of pending) {
      const newest = [...pending.values()].filter((p) => p.system === current.system).at(-1);
      if (current !== newest && !current.dirty) pending.delete(key);
    }
  }

  const flush = (): Promise<void> => {
    flushing = flushing.then(writePending);
    return flushing;
  };

  return {
    observe(system, response) {
      const at = now();
      const sample = system === 'salesforce' ? readSalesforceUsage(response.headers, response.status, response.body) : readJiraUsage(response.headers, response.status, at.getTime());
      const current = entry(system, utcDay(at));
      current.requests += 1;
      current.dirty = true;
      if (sample) {
        mergeSample(current, sample, at);
        if (sample.throttled) {
          current.throttled += 1;
          current.lastThrottled = { at, ...(sample.retryAfterMs !== undefined ? { retryAfterMs: sample.retryAfterMs } : {}) };
        }
      }
      if (!timer) {
        timer = setTimeout(() => {
          timer = undefined;
          void flush();
        }, flushIntervalMs);
        // A pending write never keeps a finished command alive; stop() writes it.
        timer.unref();
      }
    },
    flush,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

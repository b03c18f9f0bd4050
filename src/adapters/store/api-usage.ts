/**
 * `api_usage`: one row per external system with the budget its last response headers showed and
 * the requests casebridge sent today. Every process adds its own counts (deltas) and offers its
 * latest sample; the newest sample wins, so a slow worker never puts an older figure back.
 */
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';
import type { ApiSystem } from '../api-usage/headers.js';

/** What one process has to add to a system's row since its last write. */
export interface ApiUsageDelta {
  system: ApiSystem;
  /** UTC day (`YYYY-MM-DD`) the counts belong to. */
  day: string;
  requests: number;
  throttled: number;
  /** The newest header sample this process saw, with when it saw it. */
  sample?: {
    at: Date;
    dailyUsed?: number;
    dailyLimit?: number;
    windowLimit?: number;
    windowRemaining?: number;
    windowResetAt?: Date;
    nearLimit?: boolean;
  };
  lastThrottled?: { at: Date; retryAfterMs?: number };
}

/** A system's usage as stored. */
export interface ApiUsage {
  system: ApiSystem;
  dailyUsed: number | null;
  dailyLimit: number | null;
  windowLimit: number | null;
  windowRemaining: number | null;
  windowResetAt: Date | null;
  nearLimit: boolean | null;
  sampledAt: Date | null;
  lastThrottledAt: Date | null;
  lastRetryAfterMs: number | null;
  /** UTC day of the counts below. */
  requestsDay: string;
  requestsCount: number;
  throttledCount: number;
  updatedAt: Date;
}

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function toDay(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

function fromRow(row: Record<string, unknown>): ApiUsage {
  return {
    system: row.system as ApiSystem,
    dailyUsed: toNumber(row.daily_used),
    dailyLimit: toNumber(row.daily_limit),
    windowLimit: toNumber(row.window_limit),
    windowRemaining: toNumber(row.window_remaining),
    windowResetAt: toDate(row.window_reset_at),
    nearLimit: (row.near_limit as boolean | null) ?? null,
    sampledAt: toDate(row.sampled_at),
    lastThrottledAt: toDate(row.last_throttled_at),
    lastRetryAfterMs: toNumber(row.last_retry_after_ms),
    requestsDay: toDay(row.requests_day),
    requestsCount: Number(row.requests_count),
    throttledCount: Number(row.throttled_count),
    updatedAt: toDate(row.updated_at)!,
  };
}

const SAMPLE_COLUMNS = ['daily_used', 'daily_limit', 'window_limit', 'window_remaining', 'window_reset_at', 'near_limit'] as const;

/** Adds one process's counts and offers its sample, in one statement (safe with many writers). */
export async function addApiUsage(db: Db, delta: ApiUsageDelta): Promise<void> {
  const s = delta.sample;
  const row = {
    system: delta.system,
    daily_used: s?.dailyUsed ?? null,
    daily_limit: s?.dailyLimit ?? null,
    window_limit: s?.windowLimit ?? null,
    window_remaining: s?.windowRemaining ?? null,
    window_reset_at: s?.windowResetAt ?? null,
    near_limit: s?.nearLimit ?? null,
    sampled_at: s?.at ?? null,
    last_throttled_at: delta.lastThrottled?.at ?? null,
    last_retry_after_ms: delta.lastThrottled?.retryAfterMs ?? null,
    requests_day: delta.day,
    requests_count: delta.requests,
    throttled_count: delta.throttled,
    updated_at: db.fn.now(),
  };
  const newer = 'excluded.sampled_at IS NOT NULL AND (api_usage.sampled_at IS NULL OR excluded.sampled_at >= api_usage.sampled_at)';
  const sampleMerge = Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c, db.raw(`CASE WHEN ${newer} THEN excluded.${c} ELSE api_usage.${c} END`)]));
  const throttledNewer = 'excluded.last_throttled_at IS NOT NULL AND (api_usage.last_throttled_at IS NULL OR excluded.last_throttled_at >= api_usage.last_throttled_at)';
  // A new day starts the counts again; a late delta of an earlier day is dropped, not added to today.
  const count = (c: string) =>
    db.raw(
      `CASE WHEN excluded.requests_day = api_usage.requests_day THEN api_usage.${c} + excluded.${c} WHEN excluded.requests_day > api_usage.requests_day THEN excluded.${c} ELSE api_usage.${c} END`,
    );
  await db('api_usage')
    .insert(row)
    .onConflict('system')
    .merge({
      ...sampleMerge,
      sampled_at: db.raw(`CASE WHEN ${newer} THEN excluded.sampled_at ELSE api_usage.sampled_at END`),
      last_throttled_at: db.raw(`CASE WHEN ${throttledNewer} THEN excluded.last_throttled_at ELSE api_usage.last_throttled_at END`),
      last_retry_after_ms: db.raw(`CASE WHEN ${throttledNewer} THEN excluded.last_retry_after_ms ELSE api_usage.last_retry_after_ms END`),
      requests_count: count('requests_count'),
      throttled_count: count('throttled_count'),
      requests_day: db.raw('GREATEST(api_usage.requests_day, excluded.requests_day)'),
      updated_at: db.fn.now(),
    });
}

/** Every system's stored usage (systems never seen are absent). */
export async function readApiUsage(db: Db): Promise<ApiUsage[]> {
  const rows = (await db('api_usage').select('*').orderBy('system')) as Record<string, unknown>[];
  return rows.map(fromRow);
}

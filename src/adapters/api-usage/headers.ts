/**
 * What Salesforce and Jira say about API budgets in their response headers, read into one shape.
 *
 * Salesforce: `Sforce-Limit-Info: api-usage=N/M` on every REST call (N calls used of the org's M
 * per rolling 24 hours; other entries such as `api-bursts=1/750` or `per-app-api-usage=…` may follow
 * after `;`). Jira Cloud: `X-RateLimit-Limit` / `-Remaining` (the current window), `X-RateLimit-Reset`
 * (ISO instant, often to the minute), `Retry-After` (seconds or an HTTP date) and
 * `X-RateLimit-NearLimit: true` (less than a fifth of a budget left), mostly on 429 answers.
 */
import { parseRateLimitResetMs, parseRetryAfterMs } from '../jira/errors.js';

export type ApiSystem = 'salesforce' | 'jira';
export const API_SYSTEMS: readonly ApiSystem[] = ['salesforce', 'jira'];

/** Response headers as Node and axios give them: lower-case names, a string or a list of strings. */
export type HeaderBag = Readonly<Record<string, unknown>>;

/** One response's budget information; a field is absent when the response did not say. */
export interface ApiUsageSample {
  /** Calls used of the daily allowance (Salesforce `api-usage=N/…`). */
  dailyUsed?: number;
  /** The daily allowance (Salesforce `api-usage=…/M`). */
  dailyLimit?: number;
  /** Requests allowed in the current rate-limit window (Jira `X-RateLimit-Limit`). */
  windowLimit?: number;
  /** Requests left in that window (Jira `X-RateLimit-Remaining`). */
  windowRemaining?: number;
  /** When the window refills (Jira `X-RateLimit-Reset`), epoch ms. */
  windowResetAtMs?: number;
  /** The server asked to wait this long (a 429's `Retry-After`, or the reset instant when it has none). */
  retryAfterMs?: number;
  /** Jira `X-RateLimit-NearLimit: true`. */
  nearLimit?: boolean;
  /** The response refused the request for a rate limit (429, or Salesforce's REQUEST_LIMIT_EXCEEDED 403). */
  throttled: boolean;
}

function headerText(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === 'number') return String(text);
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

function toCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** `api-usage=18/5000; api-bursts=1/750` → `{ used: 18, limit: 5000 }`; undefined when absent or malformed. */
export function parseSforceLimitInfo(value: string | undefined): { used: number; limit: number } | undefined {
  if (!value) return undefined;
  for (const entry of value.split(';')) {
    const match = /^\s*api-usage\s*=\s*(\d+)\s*\/\s*(\d+)\s*$/i.exec(entry);
    if (match) return { used: Number(match[1]), limit: Number(match[2]) };
  }
  return undefined;
}

/** A Salesforce response: the org's daily usage, and whether the answer was a request-limit refusal. */
export function readSalesforceUsage(headers: HeaderBag, status: number, body?: string): ApiUsageSample | undefined {
  const usage = parseSforceLimitInfo(headerText(headers, 'sforce-limit-info'));
  const throttled = status === 429 || (status === 403 && typeof body === 'string' && body.includes('REQUEST_LIMIT_EXCEEDED'));
  if (!usage && !throttled) return undefined;
  const retryAfterMs = parseRetryAfterMs(headerText(headers, 'retry-after'));
  return { ...(usage ? { dailyUsed: usage.used, dailyLimit: usage.limit } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), throttled };
}

/** A Jira response: the rate-limit window, when the response carried any of its headers. */
export function readJiraUsage(headers: HeaderBag, status: number, nowMs = Date.now()): ApiUsageSample | undefined {
  const windowLimit = toCount(headerText(headers, 'x-ratelimit-limit'));
  const windowRemaining = toCount(headerText(headers, 'x-ratelimit-remaining'));
  const resetText = headerText(headers, 'x-ratelimit-reset');
  const resetInMs = parseRateLimitResetMs(resetText, nowMs);
  // The instant itself (not "now + wait"): a minute-precision reset may already lie in the past.
  const resetAtMs = resetInMs !== undefined && resetText ? Date.parse(resetText) : undefined;
  const retryAfterMs = parseRetryAfterMs(headerText(headers, 'retry-after'), nowMs) ?? (status === 429 ? resetInMs : undefined);
  const nearLimit = headerText(headers, 'x-ratelimit-nearlimit')?.toLowerCase() === 'true' ? true : undefined;
  const throttled = status === 429;
  if (windowLimit === undefined && windowRemaining === undefined && resetInMs === undefined && retryAfterMs === undefined && !nearLimit && !throttled) return undefined;
  return {
    ...(windowLimit !== undefined ? { windowLimit } : {}),
    ...(windowRemaining !== undefined ? { windowRemaining } : {}),
    ...(resetAtMs !== undefined ? { windowResetAtMs: resetAtMs } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(nearLimit ? { nearLimit } : {}),
    throttled,
  };
}

/**
 * What the Reports page is asked for, from its URL: a window (`7d` back from now, or `from`/`to`
 * dates), filters by region, tier and priority (comma lists, as the scheduled reports take them) and
 * the time zone whose days the charts use. Kept in the URL, so a report can be bookmarked and shared.
 */
import { z } from 'zod';
import { toWindowMs } from '../../../config/schemas/reports.js';

const list = z
  .string()
  .max(200)
  .transform((text) =>
    text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  )
  .optional();
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-01')
  .optional();

export const reportQuerySchema = z.object({
  window: z
    .string()
    .regex(/^[1-9]\d{0,2}[hd]$/, 'a window such as 24h or 7d')
    .default('7d'),
  from: day,
  to: day,
  region: list,
  tier: list,
  priority: list,
  tz: z
    .string()
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London')
    .default('UTC'),
});

export type ReportQuery = z.output<typeof reportQuerySchema>;

/** Longest window the page draws (a year of days). */
const MAX_WINDOW_MS = 366 * 86_400_000;

/** The window in epoch ms: `from`/`to` as whole UTC days (to inclusive), else `window` back from now rounded up to the hour. */
export function toReportWindow(query: ReportQuery, now: Date): { fromMs: number; toMs: number } {
  if (query.from) {
    const fromMs = Date.parse(`${query.from}T00:00:00Z`);
    const toMs = query.to ? Date.parse(`${query.to}T00:00:00Z`) + 86_400_000 : now.getTime();
    return { fromMs, toMs: Math.max(fromMs + 3_600_000, Math.min(toMs, fromMs + MAX_WINDOW_MS)) };
  }
  const toMs = Math.ceil(now.getTime() / 3_600_000) * 3_600_000;
  return { fromMs: toMs - Math.min(toWindowMs(query.window), MAX_WINDOW_MS), toMs };
}

/** The filters in the shape `buildStoredReport` takes (absent keys keep everything). */
export function toReportFilter(query: ReportQuery): { region?: string[]; tier?: string[]; priority?: string[] } {
  return Object.fromEntries((['region', 'tier', 'priority'] as const).filter((k) => query[k] && query[k].length > 0).map((k) => [k, query[k]!]));
}

/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_MONTH, …) and `yyyy-MM-dd` values as half-open UTC
 * ranges [startMs, endMs), and comparing a datetime with such a range.
 */
import { sfError } from '../errors.js';
import { startOfUtcDay } from '../datetime.js';

const DAY_MS = 86_400_000;

/** A date literal resolved against "now": the instants it covers. */
export interface DateRange {
  startMs: number;
  endMs: number;
  /** True for LAST_* ranges that end today: `>` then compares with the start, as the common idiom expects. */
  endsToday: boolean;
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function yearStart(ms: number, plusYears = 0): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + plusYears, 0, 1);
}

/** Resolves TODAY, LAST_N_DAYS:n and friends (UTC, weeks start on Sunday). */
export function resolveDateLiteral(literal: string, nowMs: number): DateRange {
  const [name = '', nText] = literal.toUpperCase().split(':');
  const n = nText === undefined ? 0 : Number(nText);
  const today = startOfUtcDay(nowMs);
  const week = today - new Date(today).getUTCDay() * DAY_MS;
  const range = (startMs: number, endMs: number, endsToday = false): DateRange => ({ startMs, endMs, endsToday });
  switch (name) {
    case 'TODAY':
      return range(today, today + DAY_MS);
    case 'YESTERDAY':
      return range(today - DAY_MS, today);
    case 'TOMORROW':
      return range(today + DAY_MS, today + 2 * DAY_MS);
    case 'THIS_WEEK':
      return range(week, week + 7 * DAY_MS);
    case 'LAST_WEEK':
      return range(week - 7 * DAY_MS, week);
    case 'NEXT_WEEK':
      return range(week + 7 * DAY_MS, week + 14 * DAY_MS);
    case 'THIS_MONTH':
      return range(monthStart(nowMs), addMonths(nowMs, 1));
    case 'LAST_MONTH':
      return range(addMonths(nowMs, -1), monthStart(nowMs));
    case 'NEXT_MONTH':
      return range(addMonths(nowMs, 1), addMonths(nowMs, 2));
    case 'THIS_YEAR':
      return range(yearStart(nowMs), yearStart(nowMs, 1));
    case 'LAST_YEAR':
      return range(yearStart(nowMs, -1), yearStart(nowMs));
    case 'NEXT_YEAR':
      return range(yearStart(nowMs, 1), yearStart(nowMs, 2));
    case 'LAST_90_DAYS':
      return range(today - 90 * DAY_MS, today + DAY_MS, true);
    case 'NEXT_90_DAYS':
      return range(today + DAY_MS, today + 91 * DAY_MS);
    case 'LAST_N_DAYS':
      return range(today - n * DAY_MS, today + DAY_MS, true);
    case 'NEXT_N_DAYS':
      return range(today + DAY_MS, today + (n + 1) * DAY_MS);
    case 'N_DAYS_AGO':
      return range(today - n * DAY_MS, today - (n - 1) * DAY_MS);
    case 'LAST_N_WEEKS':
      return range(week - 7 * n * DAY_MS, week, true);
    case 'NEXT_N_WEEKS':
      return range(week + 7 * DAY_MS, week + 7 * (n + 1) * DAY_MS);
    case 'LAST_N_MONTHS':
      return range(addMonths(nowMs, -n), monthStart(nowMs), true);
    case 'NEXT_N_MONTHS':
      return range(addMonths(nowMs, 1), addMonths(nowMs, n + 1));
    case 'LAST_N_YEARS':
      return range(yearStart(nowMs, -n), yearStart(nowMs), true);
    case 'NEXT_N_YEARS':
      return range(yearStart(nowMs, 1), yearStart(nowMs, n + 1));
    default:
      throw sfError(400, 'MALFORMED_QUERY', `Date literal ${literal} is not supported by the casebridge sandbox`);
  }
}

/** A `yyyy-MM-dd` date literal as the UTC day it covers. */
export function resolveDateValue(text: string): DateRange {
  const startMs = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(startMs)) throw sfError(400, 'MALFORMED_QUERY', `Invalid date: ${text}`);
  return { startMs, endMs: startMs + DAY_MS, endsToday: false };
}

/** Compares a datetime value against a range with a SOQL operator. */
export function compareWithRange(valueMs: number | null, operator: string, range: DateRange): boolean {
  if (valueMs === null) return operator === '!=';
  switch (operator) {
    case '=':
      return valueMs >= range.startMs && valueMs < range.endMs;
    case '!=':
      return valueMs < range.startMs || valueMs >= range.endMs;
    case '<':
      return valueMs < range.startMs;
    case '<=':
      return valueMs < range.endMs;
    case '>':
      return valueMs >= (range.endsToday ? range.startMs : range.endMs);
    case '>=':
      return valueMs >= range.startMs;
    default:
      throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on date: ${operator}`);
  }
}

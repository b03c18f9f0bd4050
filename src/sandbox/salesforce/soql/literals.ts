/**
 * SOQL literal values: string escapes, LIKE patterns, and date literals (TODAY, LAST_N_DAYS:n, …)
 * as half-open UTC ranges [startMs, endMs).
 */
import { sfError } from '../errors.js';
import { startOfUtcDay } from '../datetime.js';

const DAY_MS = 86_400_000;

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  t: '\t',
  T: '\t',
  r: '\r',
  R: '\r',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** `\uXXXX`: exactly four hex digits. */
function readUnicodeEscape(hex: string, quoted: string): string {
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
    throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. \\u must be followed by four hex digits.`);
  }
  return String.fromCharCode(parseInt(hex, 16));
}

/** Line breaks soql-parser-js refuses inside string literals, though they are plain characters there. */
const RAW_BREAKS = new Set(['\n', '\r', '\u2028', '\u2029']);

/**
 * Rewrites raw line breaks inside string literals as `\uXXXX` escapes (same meaning), so the
 * parser accepts a literal holding them.
 */
export function escapeRawLineBreaks(soql: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < soql.length; i++) {
    const ch = soql.charAt(i);
    if (inString && ch === '\\') {
      out += ch + soql.charAt(++i);
      continue;
    }
    if (ch === "'") inString = !inString;
    out += inString && RAW_BREAKS.has(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Strips the quotes of a SOQL string literal and resolves its escape sequences. */
export function unquoteSoqlString(quoted: string): string {
  const body = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body.charAt(++i);
    const resolved = SIMPLE_ESCAPES[next];
    // \_ and \% only mean something inside LIKE; elsewhere they stand for the characters themselves.
    if (resolved !== undefined) out += resolved;
    else if (next === '_' || next === '%') out += next;
    else if (next === 'u') {
      out += readUnicodeEscape(body.slice(i + 1, i + 5), quoted);
      i += 4;
    } else throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. Illegal character sequence '\\${next}' in string literal.`);
  }
  return out;
}

/**
 * Compiles a quoted LIKE literal to a RegExp: `%` any run, `_` one character, `\%` and `\_` the
 * characters themselves, other escapes as in any string literal. Case-insensitive, as SOQL is.
 */
export function toLikeRegExp(quoted: string): RegExp {
  const body = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  const chars = [...body];
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else if (ch === '\\') {
      const next = chars[++i] ?? '';
      if (next === 'u') {
        source += escapeRegExp(readUnicodeEscape(chars.slice(i + 1, i + 5).join(''), quoted));
        i += 4;
        continue;
      }
      const literal = next === '%' || next === '_' ? next : SIMPLE_ESCAPES[next];
      if (literal === undefined) throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. Illegal character sequence '\\${next}' in string literal.`);
      source += escapeRegExp(literal);
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'isu');
}

function escapeRegExp(text: string): string {
  // Only syntax characters may be escaped under the `u` flag.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

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

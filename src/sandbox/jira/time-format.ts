import { DateTime, IANAZone } from 'luxon';

/**
 * Date handling of the emulated site. Timestamps are rendered in UTC with `+0000`; JQL dates such as
 * `"2026-11-26 10:15"` are read in the time zone of the user who searches (the API user's profile zone),
 * as Jira Cloud does.
 */

/** True for an IANA zone name luxon (and so Jira's Java) knows, e.g. `Asia/Jerusalem`, `America/Los_Angeles`. */
export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Jira's timestamp format with millisecond precision, e.g. `2026-11-26T10:15:30.123+0000`. */
export function formatJiraDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

const DATE_TIME_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a datetime field value as Jira accepts it (ISO 8601 with `Z`, `+0000` or `+00:00`); undefined if invalid. */
export function parseDateTimeInput(text: string): number | undefined {
  const match = DATE_TIME_INPUT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', ms = '0', zone = 'Z'] = match;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (!isRealDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return utc - offsetMinutes * 60_000;
}

/** True when `yyyy-MM-dd` names a real calendar day. */
export function isValidDateInput(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const JQL_ABSOLUTE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const JQL_RELATIVE = /^([-+]?)\s*((?:\d+\s*[wdhm]\s*)+)$/;
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

/**
 * A JQL date value: `yyyy-MM-dd HH:mm`, `yyyy/MM/dd HH:mm`, `yyyy-MM-dd`, `yyyy/MM/dd` (wall time in
 * `timeZone`, default UTC; a time inside a DST gap moves forward) or a period relative to now such as `-5d`
 * or `"-4w 2d"`. Undefined when it is none of these.
 */
export function parseJqlDate(text: string, nowMs: number, timeZone = 'UTC'): number | undefined {
  const absolute = JQL_ABSOLUTE.exec(text.trim());
  if (absolute) {
    const [, y, mo, d, h = '0', mi = '0'] = absolute;
    if (!isRealDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59) return undefined;
    const wallTime = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
    const local = DateTime.fromObject(wallTime, { zone: timeZone });
    return local.isValid ? local.toMillis() : undefined;
  }
  const relative = JQL_RELATIVE.exec(text.trim());
  if (relative) {
    const sign = relative[1] === '-' ? -1 : 1;
    let totalMs = 0;
    for (const part of (relative[2] ?? '').matchAll(/(\d+)\s*([wdhm])/g)) {
      totalMs += Number(part[1]) * (UNIT_MS[part[2] ?? 'm'] ?? 0);
    }
    return nowMs + sign * totalMs;
  }
  return undefined;
}

/**
 * Working hours of a business calendar: `"24x7"`, or a mapping from weekdays / weekday ranges to
 * one or several `HH:MM-HH:MM` ranges in local time, e.g.
 * `{ sun-wed: "09:00-18:00", thu: ["09:00-13:00", "14:00-16:00"] }`.
 */
import type { ConfigIssue } from '../../config/issues.js';

/** Half-open range of local minutes of the day, `[startMinute, endMinute)`; end may be 1440 (24:00). */
export interface MinuteRange {
  startMinute: number;
  endMinute: number;
}

/**
 * Parsed working hours. `byIsoWeekday[0]` is Monday … `[6]` is Sunday (luxon's weekday minus one);
 * ranges are sorted and do not overlap. A day without ranges is not a working day.
 */
export type WeeklyHours = { kind: 'always' } | { kind: 'weekly'; byIsoWeekday: ReadonlyArray<ReadonlyArray<MinuteRange>> };

/** What config may hold under `hours`. */
export type WeeklyHoursSpec = '24x7' | Record<string, string | string[]>;

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const RANGE_PATTERN = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

export type WeeklyHoursParse = { ok: true; hours: WeeklyHours } | { ok: false; issues: ConfigIssue[] };

/** Parses an `hours` value; issue paths are relative to the `hours` key. */
export function parseWeeklyHours(spec: WeeklyHoursSpec): WeeklyHoursParse {
  if (spec === '24x7') return { ok: true, hours: { kind: 'always' } };
  const issues: ConfigIssue[] = [];
  const byDay: MinuteRange[][] = DAY_NAMES.map(() => []);
  const dayOwner: Array<string | undefined> = DAY_NAMES.map(() => undefined);

  for (const [key, value] of Object.entries(spec)) {
    const days = parseDayKey(key);
    if (!days) {
      issues.push({ path: [key], message: `"${key}" is not a weekday or weekday range; use mon, tue, wed, thu, fri, sat, sun or a range such as sun-thu` });
      continue;
    }
    const texts = Array.isArray(value) ? value : [value];
    const ranges: MinuteRange[] = [];
    texts.forEach((text, index) => {
      const path = Array.isArray(value) ? [key, index] : [key];
      const parsed = parseMinuteRange(text);
      if (typeof parsed === 'string') issues.push({ path, message: parsed });
      else ranges.push(parsed);
    });
    ranges.sort((a, b) => a.startMinute - b.startMinute);
    for (let i = 1; i < ranges.length; i++) {
      const previous = ranges[i - 1]!;
      const current = ranges[i]!;
      if (current.startMinute < previous.endMinute) {
        issues.push({ path: [key], message: `ranges ${formatRange(previous)} and ${formatRange(current)} overlap` });
      }
    }
    for (const day of days) {
      const owner = dayOwner[day];
      if (owner !== undefined) {
        issues.push({ path: [key], message: `${DAY_NAMES[day]} is already given by "${owner}"; each weekday may appear once (list several ranges in an array instead)` });
        continue;
      }
      dayOwner[day] = key;
      byDay[day] = ranges;
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  if (byDay.every((ranges) => ranges.length === 0)) {
    return { ok: false, issues: [{ path: [], message: 'no working hours on any weekday; an SLA clock on this calendar would never run' }] };
  }
  return { ok: true, hours: { kind: 'weekly', byIsoWeekday: byDay } };
}

/** `thu` → [3]; `sun-thu` → [6, 0, 1, 2, 3] (ranges run forward through the week and may wrap). */
function parseDayKey(key: string): number[] | undefined {
  const parts = key.trim().toLowerCase().split('-');
  const indexes = parts.map((part) => DAY_NAMES.indexOf(part as (typeof DAY_NAMES)[number]));
  if (indexes.some((i) => i < 0) || parts.length > 2) return undefined;
  const first = indexes[0]!;
  const last = indexes[indexes.length - 1]!;
  const days: number[] = [];
  for (let day = first; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === last) break;
  }
  return days;
}

/** `"09:00-18:00"` → minutes; returns an error message when invalid. */
function parseMinuteRange(text: string): MinuteRange | string {
  const match = typeof text === 'string' ? RANGE_PATTERN.exec(text.trim()) : null;
  if (!match) return `"${String(text)}" is not a time range; write "HH:MM-HH:MM" such as "09:00-18:00"`;
  const [sh, sm, eh, em] = match.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh === 24 && em !== 0)) {
    return `"${text}" has an impossible time of day (hours 00-23, minutes 00-59, or 24:00 as an end)`;
  }
  const range = { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
  if (range.endMinute <= range.startMinute) {
    return `"${text}" ends before it starts; a range cannot cross midnight, so split a night shift into "18:00-24:00" on one day and "00:00-09:00" on the next`;
  }
  return range;
}

function formatRange(range: MinuteRange): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(range.startMinute)}-${hhmm(range.endMinute)}`;
}

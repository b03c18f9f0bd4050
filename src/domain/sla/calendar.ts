/**
 * A business calendar ready for arithmetic, and the working intervals of one local year of it.
 * Intervals are computed from wall-clock time through the IANA zone, so DST days are exact: a
 * working range that contains the skipped hour is an hour shorter, one that contains the
 * repeated hour is an hour longer.
 */
import { DateTime, IANAZone } from 'luxon';
import type { HolidayProvider, HolidaySpec } from './holidays.js';
import { resolveHolidayDates } from './holidays.js';
import type { MinuteRange, WeeklyHours } from './weekly-hours.js';

/** A calendar as the engine uses it (built from one `calendars.<name>` entry of sla.yaml). */
export interface BusinessCalendar {
  name: string;
  /** IANA time zone, e.g. `Asia/Jerusalem`. */
  timezone: string;
  hours: WeeklyHours;
  /** Public holidays from the provider; absent means none. */
  holidays?: HolidaySpec;
  /** Additional non-working local dates, `YYYY-MM-DD`. */
  extraHolidays: readonly string[];
}

/** Working intervals of one local year, sorted and disjoint, as epoch milliseconds `[starts[i], ends[i])`. */
export interface YearIntervals {
  starts: number[];
  ends: number[];
}

const MINUTE_MS = 60_000;
const ALL_DAY: readonly MinuteRange[] = [{ startMinute: 0, endMinute: 1440 }];

/** Instant at which local `year` begins in the calendar's zone. */
export function getLocalYearStartMs(calendar: BusinessCalendar, year: number): number {
  return DateTime.fromObject({ year, month: 1, day: 1 }, { zone: calendar.timezone }).toMillis();
}

/** Local year containing an instant. */
export function getLocalYear(calendar: BusinessCalendar, instantMs: number): number {
  return DateTime.fromMillis(instantMs, { zone: calendar.timezone }).year;
}

export function buildYearIntervals(calendar: BusinessCalendar, year: number, provider: HolidayProvider | undefined): YearIntervals {
  const zone = IANAZone.create(calendar.timezone);
  const holidayDates = resolveHolidayDates(provider, calendar.holidays, calendar.extraHolidays, calendar.timezone, year);
  const out: YearIntervals = { starts: [], ends: [] };
  let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  while (day.year === year) {
    const next = day.plus({ days: 1 }).startOf('day');
    const ranges = calendar.hours.kind === 'always' ? ALL_DAY : calendar.hours.byIsoWeekday[day.weekday - 1]!;
    if (ranges.length > 0 && !holidayDates.has(day.toISODate()!)) {
      appendDayIntervals(out, zone, Date.UTC(day.year, day.month - 1, day.day), day.toMillis(), next.toMillis(), ranges);
    }
    day = next;
  }
  return out;
}

/**
 * Adds the instants of one local date whose wall-clock time lies in one of `ranges`.
 * `wallMidnightMs` is the date's midnight read as if it were UTC; `[dayStartMs, dayEndMs)` are the
 * real instants the local date spans. Within a day the UTC offset changes at most once, so the day
 * splits into at most two segments of constant offset.
 */
function appendDayIntervals(out: YearIntervals, zone: IANAZone, wallMidnightMs: number, dayStartMs: number, dayEndMs: number, ranges: readonly MinuteRange[]): void {
  const firstOffset = zone.offset(dayStartMs);
  const lastOffset = zone.offset(dayEndMs - 1);
  const segments: Array<[number, number, number]> = [];
  if (firstOffset === lastOffset) {
    segments.push([dayStartMs, dayEndMs, firstOffset]);
  } else {
    // Binary search for the first instant with the new offset (27 steps to the millisecond, twice a year).
    let low = dayStartMs;
    let high = dayEndMs - 1;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (zone.offset(middle) === firstOffset) low = middle;
      else high = middle;
    }
    const switchMs = high;
    segments.push([dayStartMs, switchMs, firstOffset], [switchMs, dayEndMs, lastOffset]);
  }
  // Segments outside, ranges inside: within a segment instants follow wall time, so output stays sorted.
  for (const [segmentStart, segmentEnd, offsetMinutes] of segments) {
    for (const range of ranges) {
      const start = Math.max(segmentStart, wallMidnightMs + (range.startMinute - offsetMinutes) * MINUTE_MS);
      const end = Math.min(segmentEnd, wallMidnightMs + (range.endMinute - offsetMinutes) * MINUTE_MS);
      if (end <= start) continue;
      const last = out.ends.length - 1;
      // Touching intervals (a fall-back hour, a range ending where the next begins) are merged.
      if (last >= 0 && out.ends[last]! >= start) out.ends[last] = Math.max(out.ends[last]!, end);
      else {
        out.starts.push(start);
        out.ends.push(end);
      }
    }
  }
}

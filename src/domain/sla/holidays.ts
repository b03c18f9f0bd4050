/**
 * Which local dates a business calendar loses to public holidays. The holiday data itself comes
 * from a {@link HolidayProvider} (the date-holidays adapter in production, fakes in tests), so this
 * module stays pure.
 */
import { DateTime } from 'luxon';

/** The holiday set of a calendar: a country, optionally narrowed to a region (ISO 3166-2 suffix such as `ENG`). */
export interface HolidaySpec {
  country: string;
  region?: string;
}

/** One holiday as the provider knows it: in force from `startMs` (inclusive) to `endMs` (exclusive). */
export interface HolidayPeriod {
  name: string;
  startMs: number;
  endMs: number;
}

/** Source of public holidays; implementations return public holidays only (no observances). */
export interface HolidayProvider {
  /**
   * Public holidays that begin in `year` for the country/region, with start and end computed in
   * `timezone` (the calendar's zone, so that "the 25th of December" is that calendar's date).
   */
  listPublicHolidays(spec: HolidaySpec, year: number, timezone: string): HolidayPeriod[];
}

/**
 * Local dates (`YYYY-MM-DD`) of `year` on which a holiday is in force at 12:00 local time. A holiday
 * that starts at sunset on its eve therefore removes the following date, not the eve; a holiday that
 * lasts several days removes each of them. `extraDates` are added as given.
 */
export function resolveHolidayDates(provider: HolidayProvider | undefined, spec: HolidaySpec | undefined, extraDates: readonly string[], timezone: string, year: number): Set<string> {
  const dates = new Set<string>();
  for (const date of extraDates) if (date.startsWith(`${year}-`)) dates.add(date);
  if (!provider || !spec) return dates;
  // Holidays that begin late in the previous year (e.g. at sunset on 31 December) can reach into this one.
  for (const providerYear of [year - 1, year]) {
    for (const holiday of provider.listPublicHolidays(spec, providerYear, timezone)) {
      for (const date of listDatesInForceAtNoon(holiday, timezone)) {
        if (date.startsWith(`${year}-`)) dates.add(date);
      }
    }
  }
  return dates;
}

/** Every local date whose 12:00 falls inside the holiday's `[startMs, endMs)`. */
export function listDatesInForceAtNoon(holiday: HolidayPeriod, timezone: string): string[] {
  const dates: string[] = [];
  let day = DateTime.fromMillis(holiday.startMs, { zone: timezone }).startOf('day');
  const lastDay = DateTime.fromMillis(holiday.endMs, { zone: timezone }).startOf('day');
  while (day <= lastDay) {
    const noonMs = day.set({ hour: 12 }).toMillis();
    if (noonMs >= holiday.startMs && noonMs < holiday.endMs) dates.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return dates;
}

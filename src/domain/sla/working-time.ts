/**
 * Working-time arithmetic on a business calendar: how much working time lies between two
 * instants, and when a given amount of working time will have elapsed. Working intervals are
 * precomputed per local year into sorted arrays with prefix sums, so each query is a binary
 * search: O(log n).
 */
import type { BusinessCalendar, YearIntervals } from './calendar.js';
import { buildYearIntervals, getLocalYear, getLocalYearStartMs } from './calendar.js';
import type { HolidayProvider } from './holidays.js';

/** Working-time queries on one calendar; all instants are epoch milliseconds. */
export interface WorkingTime {
  /** Working milliseconds in `[fromMs, toMs)`; 0 when `toMs <= fromMs`. */
  getWorkingMsBetween(fromMs: number, toMs: number): number;
  /**
   * The first instant `t >= fromMs` with `workingMsBetween(fromMs, t) === workingMs` (so a target
   * reached at the end of a working day is that day's closing time). `fromMs` itself when
   * `workingMs <= 0`; `Infinity` if the calendar has no working time within {@link MAX_YEARS_AHEAD}.
   */
  addWorkingMs(fromMs: number, workingMs: number): number;
}

/** How far ahead `addWorkingMs` looks before giving up (a calendar of holidays only). */
export const MAX_YEARS_AHEAD = 10;

export function createWorkingTime(calendar: BusinessCalendar, provider: HolidayProvider | undefined): WorkingTime {
  const alwaysWorking = calendar.hours.kind === 'always' && !calendar.holidays && calendar.extraHolidays.length === 0;
  return alwaysWorking ? ALWAYS_WORKING : new IntervalWorkingTime(calendar, provider);
}

const ALWAYS_WORKING: WorkingTime = {
  getWorkingMsBetween: (fromMs, toMs) => Math.max(0, toMs - fromMs),
  addWorkingMs: (fromMs, workingMs) => fromMs + Math.max(0, workingMs),
};

class IntervalWorkingTime implements WorkingTime {
  private readonly yearCache = new Map<number, YearIntervals>();
  private firstYear = 0;
  private lastYear = -1;
  private coverStartMs = 0;
  private coverEndMs = 0;
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  /** `cumulative[i]`: working ms in all intervals before interval i; one extra slot holds the total. */
  private cumulative = new Float64Array(1);

  constructor(
    private readonly calendar: BusinessCalendar,
    private readonly provider: HolidayProvider | undefined,
  ) {}

  getWorkingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    this.ensureCovered(fromMs, toMs);
    return this.getWorkingMsBefore(toMs) - this.getWorkingMsBefore(fromMs);
  }

  addWorkingMs(fromMs: number, workingMs: number): number {
    if (workingMs <= 0) return fromMs;
    this.ensureCovered(fromMs, fromMs);
    const target = this.getWorkingMsBefore(fromMs) + workingMs;
    // Appending years leaves the prefix sums of earlier intervals unchanged, so `target` stays valid.
    while (this.cumulative[this.starts.length]! < target) {
      if (this.lastYear - getLocalYear(this.calendar, fromMs) >= MAX_YEARS_AHEAD) return Infinity;
      this.setYears(this.firstYear, this.lastYear + 1);
    }
    // First interval whose end reaches the target.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle + 1]! >= target) high = middle;
      else low = middle + 1;
    }
    return this.starts[low]! + (target - this.cumulative[low]!);
  }

  /** Working ms from the start of the covered range up to `instantMs` (which must be covered). */
  private getWorkingMsBefore(instantMs: number): number {
    const starts = this.starts;
    // Last interval starting at or before the instant.
    let low = 0;
    let high = starts.length - 1;
    if (high < 0 || instantMs < starts[0]!) return 0;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= instantMs) low = middle;
      else high = middle - 1;
    }
    return this.cumulative[low]! + Math.min(instantMs, this.ends[low]!) - starts[low]!;
  }

  private ensureCovered(fromMs: number, toMs: number): void {
    if (this.lastYear >= this.firstYear && fromMs >= this.coverStartMs && toMs < this.coverEndMs) return;
    const fromYear = getLocalYear(this.calendar, fromMs);
    const toYear = getLocalYear(this.calendar, toMs);
    if (this.lastYear < this.firstYear) this.setYears(fromYear, toYear);
    else this.setYears(Math.min(this.firstYear, fromYear), Math.max(this.lastYear, toYear));
  }

  private setYears(firstYear: number, lastYear: number): void {
    const chunks: YearIntervals[] = [];
    let count = 0;
    for (let year = firstYear; year <= lastYear; year++) {
      let chunk = this.yearCache.get(year);
      if (!chunk) {
        chunk = buildYearIntervals(this.calendar, year, this.provider);
        this.yearCache.set(year, chunk);
      }
      chunks.push(chunk);
      count += chunk.starts.length;
    }
    const starts = new Float64Array(count);
    const ends = new Float64Array(count);
    const cumulative = new Float64Array(count + 1);
    let index = 0;
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.starts.length; i++, index++) {
        starts[index] = chunk.starts[i]!;
        ends[index] = chunk.ends[i]!;
        cumulative[index + 1] = cumulative[index]! + chunk.ends[i]! - chunk.starts[i]!;
      }
    }
    this.starts = starts;
    this.ends = ends;
    this.cumulative = cumulative;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.coverStartMs = getLocalYearStartMs(this.calendar, firstYear);
    this.coverEndMs = getLocalYearStartMs(this.calendar, lastYear + 1);
  }
}

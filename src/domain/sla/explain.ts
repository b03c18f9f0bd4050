/**
 * Why a clock shows what it shows: the SLA engine's own walk over the ticket's events (each stretch
 * between events and whether it counted, was paused or stopped), spread over the local days of the
 * clock's calendar with that day's working hours and holidays. Pure: holiday names come from the
 * same HolidayProvider the engine was compiled with.
 */
import { DateTime } from 'luxon';
import type { BusinessCalendar } from './calendar.js';
import type { StretchKind } from './clock.js';
import type { CompiledSla, SlaTicketResult } from './engine.js';
import { evaluateTicket } from './engine.js';
import type { HolidayProvider } from './holidays.js';
import { listDatesInForceAtNoon } from './holidays.js';
import type { ClockResult, SlaMetric, SlaTicket } from './types.js';
import type { MinuteRange } from './weekly-hours.js';

/** One local date of the calendar within the clock's life. */
export interface ExplainedDay {
  /** `YYYY-MM-DD` in the calendar's zone. */
  date: string;
  /** The calendar's working hours that weekday: `09:00-18:00`, `24h`, or empty (not a working day). */
  hours: string;
  /** Set when the date has working hours but is a holiday (a public holiday's name, or `extra holiday`). */
  holiday?: string;
  /** Working ms counted toward the target that day. */
  countedMs: number;
  /** Working ms that passed in a pause status that day (not counted). */
  pausedMs: number;
}

export interface ExplainedClock {
  result: ClockResult;
  calendar: BusinessCalendar;
  days: ExplainedDay[];
}

export interface ExplainedTicket {
  evaluation: SlaTicketResult;
  clocks: ExplainedClock[];
}

type Stretch = { fromMs: number; toMs: number; kind: StretchKind };

/** Evaluates the ticket at `nowMs` and explains each clock day by day. Throws as evaluateTicket does. */
export function explainTicket(sla: CompiledSla, ticket: SlaTicket, nowMs: number, holidays?: HolidayProvider): ExplainedTicket {
  const stretches = new Map<SlaMetric, Stretch[]>();
  const evaluation = evaluateTicket(sla, ticket, nowMs, (metric) => {
    const list: Stretch[] = [];
    stretches.set(metric, list);
    return (fromMs, toMs, kind) => list.push({ fromMs, toMs, kind });
  });
  const entry = evaluation.calendar ? sla.calendars.get(evaluation.calendar) : undefined;
  if (!entry) return { evaluation, clocks: [] };
  const clocks = evaluation.metrics.map((result) => ({
    result,
    calendar: entry.calendar,
    days: spreadOverDays(stretches.get(result.metric) ?? [], entry.calendar, (a, b) => entry.workingTime.getWorkingMsBetween(a, b), holidays),
  }));
  return { evaluation, clocks };
}

function spreadOverDays(stretches: readonly Stretch[], calendar: BusinessCalendar, workingMsBetween: (fromMs: number, toMs: number) => number, provider?: HolidayProvider): ExplainedDay[] {
  const days = new Map<string, ExplainedDay>();
  const holidayNames = new Map<number, Map<string, string>>();
  const dayOf = (local: DateTime): ExplainedDay => {
    const date = local.toISODate()!;
    let day = days.get(date);
    if (!day) {
      const hours = describeHours(calendar, local.weekday);
      const holiday = hours ? findHoliday(calendar, local, provider, holidayNames) : undefined;
      day = { date, hours, ...(holiday ? { holiday } : {}), countedMs: 0, pausedMs: 0 };
      days.set(date, day);
    }
    return day;
  };
  // Stretches after the clock stopped (a reply, a resolution) are not its time: only counted and paused days are listed.
  for (const { fromMs, toMs, kind } of stretches) {
    if (kind === 'stopped') continue;
    let dayStart = DateTime.fromMillis(fromMs, { zone: calendar.timezone }).startOf('day');
    while (dayStart.toMillis() < toMs) {
      const next = dayStart.plus({ days: 1 }).startOf('day');
      const ms = workingMsBetween(Math.max(fromMs, dayStart.toMillis()), Math.min(toMs, next.toMillis()));
      const day = dayOf(dayStart);
      if (kind === 'counted') day.countedMs += ms;
      else day.pausedMs += ms;
      dayStart = next;
    }
  }
  return [...days.values()];
}

function formatRange(range: MinuteRange): string {
  const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${hhmm(range.startMinute)}-${hhmm(range.endMinute)}`;
}

function describeHours(calendar: BusinessCalendar, isoWeekday: number): string {
  if (calendar.hours.kind === 'always') return '24h';
  return (calendar.hours.byIsoWeekday[isoWeekday - 1] ?? []).map(formatRange).join(', ');
}

/** The holiday that removes this local date from the calendar, if any (the engine's rule: in force at noon). */
function findHoliday(calendar: BusinessCalendar, local: DateTime, provider: HolidayProvider | undefined, cache: Map<number, Map<string, string>>): string | undefined {
  const date = local.toISODate()!;
  if (calendar.extraHolidays.includes(date)) return 'extra holiday (sla.yaml)';
  if (!provider || !calendar.holidays) return undefined;
  let byDate = cache.get(local.year);
  if (!byDate) {
    byDate = new Map();
    for (const year of [local.year - 1, local.year]) {
      for (const holiday of provider.listPublicHolidays(calendar.holidays, year, calendar.timezone)) {
        for (const inForce of listDatesInForceAtNoon(holiday, calendar.timezone)) if (!byDate.has(inForce)) byDate.set(inForce, holiday.name);
      }
    }
    cache.set(local.year, byDate);
  }
  return byDate.get(date);
}

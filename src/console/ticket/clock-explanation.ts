/**
 * One clock of the ticket page: the figures (target, counted, paused, left or over, due) and the
 * arithmetic behind them, a line per local day of the calendar with its hours and holidays.
 */
import { formatDurationMs, formatInstant, formatInstantLong } from '../format.js';
import { METRIC_LABELS, STATE_LABELS } from '../clocks.js';
import type { ExplainedClock } from '../../domain/sla/explain.js';
import { DateTime } from 'luxon';

/** Days listed at most per clock (the most recent); the sum of the others is one line. */
const MAX_DAYS = 120;

export interface ClockDayView {
  date: string;
  weekday: string;
  hours: string;
  holiday?: string;
  counted: string;
  paused: string;
}

export interface ClockExplanationView {
  metric: string;
  metricLabel: string;
  state: string;
  stateLabel: string;
  calendar: string;
  timezone: string;
  target: string;
  counted: string;
  paused: string;
  /** `2h 05m left`, `over by 1h 10m`, `stopped`. */
  standing: string;
  due?: { text: string; title: string; iso: string; label: string };
  stoppedAt?: { text: string; title: string; iso: string };
  days: ClockDayView[];
  /** Days before the listed ones and what they counted, when the list is cut. */
  earlier?: { days: number; counted: string; paused: string };
}

export function toClockExplanationView(clock: ExplainedClock, now: Date, viewerZone: string): ClockExplanationView {
  const { result, calendar } = clock;
  const zone = calendar.timezone;
  const instant = (ms: number) => ({
    text: formatInstant(new Date(ms), viewerZone, now),
    title: `${formatInstantLong(new Date(ms), zone)} (calendar ${calendar.name})`,
    iso: new Date(ms).toISOString(),
  });
  const leftMs = result.targetMs - result.elapsedMs;
  const standing =
    result.state === 'breached'
      ? `over by ${formatDurationMs(-leftMs)}`
      : result.state === 'met'
        ? `met with ${formatDurationMs(leftMs)} to spare`
        : `${formatDurationMs(leftMs)} left${result.state === 'paused' ? ' when resumed' : ''}`;
  const dueMs = result.breachedAtMs ?? result.dueAtMs;
  const shown = clock.days.slice(-MAX_DAYS);
  const hidden = clock.days.slice(0, clock.days.length - shown.length);
  return {
    metric: result.metric,
    metricLabel: METRIC_LABELS[result.metric] ?? result.metric,
    state: result.state,
    stateLabel: STATE_LABELS[result.state] ?? result.state,
    calendar: calendar.name,
    timezone: zone,
    target: formatDurationMs(result.targetMs),
    counted: formatDurationMs(result.elapsedMs),
    paused: formatDurationMs(result.pausedMs),
    standing,
    ...(dueMs !== null ? { due: { ...instant(dueMs), label: result.breachedAtMs !== null ? 'Breached at' : 'Due' } } : {}),
    ...(result.stoppedAtMs !== null ? { stoppedAt: instant(result.stoppedAtMs) } : {}),
    days: shown.map((day) => ({
      date: day.date,
      weekday: DateTime.fromISO(day.date, { zone }).toFormat('ccc'),
      hours: day.hours === '' ? 'not a working day' : day.hours,
      ...(day.holiday ? { holiday: day.holiday } : {}),
      counted: formatDurationMs(day.countedMs),
      paused: day.pausedMs > 0 ? formatDurationMs(day.pausedMs) : '',
    })),
    ...(hidden.length > 0
      ? { earlier: { days: hidden.length, counted: formatDurationMs(hidden.reduce((s, d) => s + d.countedMs, 0)), paused: formatDurationMs(hidden.reduce((s, d) => s + d.pausedMs, 0)) } }
      : {}),
  };
}

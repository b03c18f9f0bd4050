/**
 * A stored SLA clock as people read it: its state, the working time left (or by how much it is
 * over), and when it is due, in the viewer's zone with the calendar's zone on hover. Working time
 * comes from the SLA engine's own calendars (the ones the scan computes with), never re-derived.
 */
import type { SlaResult } from '../adapters/store/sla-results.js';
import type { CompiledSla } from '../domain/sla/engine.js';
import type { BusinessCalendar } from '../domain/sla/calendar.js';
import { formatDurationMs, formatInstant, formatInstantLong } from './format.js';

export const METRIC_LABELS: Record<string, string> = { first_response: 'First response', resolution: 'Resolution' };
export const STATE_LABELS: Record<string, string> = { breached: 'Breached', at_risk: 'At risk', running: 'Running', paused: 'Paused', met: 'Met', none: 'No SLA' };

export interface ClockView {
  metric: string;
  metricLabel: string;
  state: SlaResult['state'];
  stateLabel: string;
  /** `2h 05m left`, `over by 1h 10m`, `1h 30m left when resumed`, `met`. */
  remainingText: string;
  /** Working ms left (negative: over by that much); null when met. */
  remainingMs: number | null;
  /** Due (or breached) instant in the viewer's zone; empty when none. */
  dueText: string;
  /** The same instant in the calendar's zone, for the tooltip. */
  dueTitle: string;
  dueIso: string | null;
  calendar: string;
  policy: string;
}

export interface ClockContext {
  sla: CompiledSla | undefined;
  now: Date;
  viewerZone: string;
}

/** Working ms in [from, to) on the clock's calendar; plain elapsed time if the calendar is no longer configured. */
export function getWorkingMsBetween(sla: CompiledSla | undefined, calendar: string, fromMs: number, toMs: number): number {
  const workingTime = sla?.calendars.get(calendar)?.workingTime;
  return workingTime ? workingTime.getWorkingMsBetween(fromMs, toMs) : Math.max(0, toMs - fromMs);
}

export function getCalendar(sla: CompiledSla | undefined, name: string): BusinessCalendar | undefined {
  return sla?.calendars.get(name)?.calendar;
}

export function toClockView(clock: SlaResult, context: ClockContext): ClockView {
  const { sla, now, viewerZone } = context;
  const nowMs = now.getTime();
  const calendarZone = getCalendar(sla, clock.calendar)?.timezone ?? 'UTC';
  const due = clock.state === 'breached' ? (clock.breachedAt ?? clock.dueAt) : clock.state === 'running' || clock.state === 'at_risk' ? clock.dueAt : null;
  let remainingMs: number | null = null;
  let remainingText = 'met';
  if (clock.state === 'running' || clock.state === 'at_risk') {
    remainingMs = due ? getWorkingMsBetween(sla, clock.calendar, nowMs, due.getTime()) : (clock.targetMinutes - clock.elapsedMinutes) * 60_000;
    remainingText = `${formatDurationMs(remainingMs)} left`;
  } else if (clock.state === 'breached') {
    const from = (clock.breachedAt ?? clock.dueAt)?.getTime() ?? nowMs;
    remainingMs = -getWorkingMsBetween(sla, clock.calendar, from, clock.stoppedAt?.getTime() ?? nowMs);
    remainingText = `over by ${formatDurationMs(-remainingMs)}`;
  } else if (clock.state === 'paused') {
    remainingMs = Math.max(0, clock.targetMinutes - clock.elapsedMinutes) * 60_000;
    remainingText = `${formatDurationMs(remainingMs)} left when resumed`;
  }
  return {
    metric: clock.metric,
    metricLabel: METRIC_LABELS[clock.metric] ?? clock.metric,
    state: clock.state,
    stateLabel: STATE_LABELS[clock.state] ?? clock.state,
    remainingText,
    remainingMs,
    dueText: due ? formatInstant(due, viewerZone, now) : '',
    dueTitle: due ? `${formatInstantLong(due, calendarZone)} (calendar ${clock.calendar})` : '',
    dueIso: due ? due.toISOString() : null,
    calendar: clock.calendar,
    policy: clock.policy,
  };
}

/**
 * What changed between the stored SLA results of a ticket and a fresh evaluation: the input to
 * write-back (only changes are written) and to notifications (on entering at_risk or breached),
 * plus when a scheduled scan should look at the ticket again without waiting for an event.
 */
import type { ClockResult, SlaMetric, SlaState } from './types.js';

/** The part of a clock result that is stored and written back. */
export interface StoredClock {
  metric: SlaMetric;
  state: SlaState;
  dueAtMs: number | null;
  breachedAtMs: number | null;
}

export interface SlaClockChange {
  metric: SlaMetric;
  previous: StoredClock | null;
  current: StoredClock;
  /** Set when the clock has just entered a state people are told about. */
  notify: 'at_risk' | 'breached' | null;
}

/** Clocks whose state, due time or breach instant differ from what was stored (new clocks included). */
export function diffClocks(stored: readonly StoredClock[], current: readonly ClockResult[]): SlaClockChange[] {
  const byMetric = new Map(stored.map((clock) => [clock.metric, clock]));
  const changes: SlaClockChange[] = [];
  for (const result of current) {
    const now: StoredClock = { metric: result.metric, state: result.state, dueAtMs: result.dueAtMs, breachedAtMs: result.breachedAtMs };
    const before = byMetric.get(result.metric) ?? null;
    if (before && before.state === now.state && before.dueAtMs === now.dueAtMs && before.breachedAtMs === now.breachedAtMs) continue;
    const entered = before?.state !== now.state;
    const notify = entered && (now.state === 'at_risk' || now.state === 'breached') ? now.state : null;
    changes.push({ metric: result.metric, previous: before, current: now, notify });
  }
  return changes;
}

/**
 * The next instant at which a ticket's state changes with no new event: a running clock turning
 * at risk, or a running / at-risk clock reaching its target. Null when nothing is running.
 */
export function getNextStateChangeMs(results: readonly ClockResult[]): number | null {
  let next: number | null = null;
  for (const result of results) {
    const candidate = result.state === 'running' ? result.atRiskAtMs : result.state === 'at_risk' ? result.dueAtMs : null;
    if (candidate !== null && (next === null || candidate < next)) next = candidate;
  }
  return next;
}

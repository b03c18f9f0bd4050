/**
 * One SLA clock (a metric of a ticket) evaluated from the ticket's events at a given instant.
 * Walks the events once; each step between events costs one working-time query, so an evaluation
 * is O(events · log intervals).
 */
import type { AtRiskRule, ClockResult, SlaEvent, SlaMetric, SlaState, StatusRules } from './types.js';
import type { WorkingTime } from './working-time.js';

const MINUTE_MS = 60_000;

export interface ClockInput {
  metric: SlaMetric;
  targetMs: number;
  createdAtMs: number;
  /** Sorted by `atMs` (see {@link sortEvents}); events after `nowMs` are ignored, events before creation count as at creation. */
  events: readonly SlaEvent[];
  nowMs: number;
  statusRules: StatusRules;
  atRisk: AtRiskRule;
  workingTime: WorkingTime;
  /** Told each stretch between events and how it counted (the ticket page explains a clock with it). */
  onStretch?: StretchListener;
}

/** How a stretch of time between two events counted: toward the target, as paused, or not at all (stopped). */
export type StretchKind = 'counted' | 'paused' | 'stopped';
export type StretchListener = (fromMs: number, toMs: number, kind: StretchKind) => void;

/** Stable sort by instant: events at the same instant keep their recorded order. */
export function sortEvents(events: readonly SlaEvent[]): SlaEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.atMs < events[i - 1]!.atMs) return [...events].sort((a, b) => a.atMs - b.atMs);
  }
  return events as SlaEvent[];
}

/** Working ms of target left below which a running clock is at risk. */
export function getAtRiskThresholdMs(rule: AtRiskRule, targetMs: number): number {
  return 'remainingPercent' in rule ? (targetMs * rule.remainingPercent) / 100 : rule.remainingMinutes * MINUTE_MS;
}

export function evaluateClock(input: ClockInput): ClockResult {
  const { metric, targetMs, createdAtMs, workingTime } = input;
  const { pauseStatuses, resolvedStatuses } = input.statusRules;
  // Evaluated before creation (a replay "as of" an earlier instant): the clock has not started yet.
  const nowMs = Math.max(input.nowMs, createdAtMs);
  const stopsOnReply = metric === 'first_response';
  // Plain locals and no closures: this loop is the hot path of every evaluation.
  let replied = false;
  let resolved = false;
  let paused = false;
  let stoppedAtMs: number | null = null;
  let cursorMs = createdAtMs;
  let countedMs = 0;
  let pausedMs = 0;
  let breachedAtMs: number | null = null;

  const events = input.events;
  for (let index = 0; ; index++) {
    const next = events[index];
    const event = next !== undefined && next.atMs <= input.nowMs ? next : undefined;
    const atMs = event ? Math.max(event.atMs, createdAtMs) : nowMs;
    const stopped = resolved || (stopsOnReply && replied);
    // Count the stretch since the previous event under the state that held during it.
    if (atMs > cursorMs) {
      if (input.onStretch) input.onStretch(cursorMs, atMs, stopped ? 'stopped' : paused ? 'paused' : 'counted');
      if (!stopped) {
        const workingMs = workingTime.getWorkingMsBetween(cursorMs, atMs);
        if (paused) pausedMs += workingMs;
        else {
          if (breachedAtMs === null && countedMs + workingMs >= targetMs) breachedAtMs = workingTime.addWorkingMs(cursorMs, targetMs - countedMs);
          countedMs += workingMs;
        }
      }
      cursorMs = atMs;
    }
    if (!event) break;
    if (event.type === 'status') {
      resolved = resolvedStatuses.has(event.value);
      paused = pauseStatuses.has(event.value);
    } else replied = true;
    const stoppedNow = resolved || (stopsOnReply && replied);
    if (!stopped && stoppedNow) stoppedAtMs = atMs;
    else if (stopped && !stoppedNow) stoppedAtMs = null;
  }

  const stopped = resolved || (stopsOnReply && replied);
  const isPaused = !stopped && paused;
  const endMs = stopped ? stoppedAtMs! : nowMs;
  const breached = breachedAtMs !== null && breachedAtMs < endMs;
  const remainingMs = targetMs - countedMs;
  const thresholdMs = getAtRiskThresholdMs(input.atRisk, targetMs);

  let state: SlaState;
  if (breached) state = 'breached';
  else if (stopped) state = 'met';
  else if (isPaused) state = 'paused';
  else state = remainingMs < thresholdMs ? 'at_risk' : 'running';

  let dueAtMs: number | null = null;
  let atRiskAtMs: number | null = null;
  if (!stopped && !isPaused) {
    dueAtMs = breached ? breachedAtMs : toFiniteOrNull(workingTime.addWorkingMs(nowMs, remainingMs));
    if (state === 'running') atRiskAtMs = toFiniteOrNull(workingTime.addWorkingMs(nowMs, remainingMs - thresholdMs));
  }
  return {
    metric,
    targetMs,
    elapsedMs: countedMs,
    pausedMs,
    state,
    dueAtMs,
    atRiskAtMs,
    breachedAtMs: breached ? breachedAtMs : null,
    stoppedAtMs: stopped ? stoppedAtMs : null,
  };
}

function toFiniteOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

/** Shapes shared by the SLA clock, the engine and the report. Instants are epoch milliseconds. */

/** The two clocks every ticket can have. */
export type SlaMetric = 'first_response' | 'resolution';
export const SLA_METRICS: readonly SlaMetric[] = ['first_response', 'resolution'];

/**
 * `met`: stopped within target · `breached`: the counted time reached the target before the clock
 * stopped (or before now) · `running` · `paused`: in a pause status · `at_risk`: running with less
 * than the at-risk threshold left.
 */
export type SlaState = 'met' | 'breached' | 'running' | 'paused' | 'at_risk';

/** Something that happened to a ticket: a status change or a public agent reply. */
export type SlaEvent = { atMs: number; type: 'status'; value: string } | { atMs: number; type: 'agentReply' };

/** A ticket as the SLA engine needs it (from the compute input or from stored status history). */
export interface SlaTicket {
  id: string;
  createdAtMs: number;
  priority: string;
  tier: string;
  region: string;
  /** In any order; sorted (stably) before evaluation. */
  events: readonly SlaEvent[];
}

/** Which statuses pause or stop the clocks. */
export interface StatusRules {
  pauseStatuses: ReadonlySet<string>;
  resolvedStatuses: ReadonlySet<string>;
}

/** When a running clock counts as at risk: less than this much of the target left. */
export type AtRiskRule = { remainingPercent: number } | { remainingMinutes: number };

/** One metric of one ticket, evaluated at `nowMs`. Durations are in milliseconds of working time. */
export interface ClockResult {
  metric: SlaMetric;
  targetMs: number;
  /** Working time counted so far (up to the stop, or to now). */
  elapsedMs: number;
  /** Working time spent in a pause status while the clock was not stopped. */
  pausedMs: number;
  state: SlaState;
  /** Running clock: when it reaches the target if nothing pauses it (the breach instant once breached); otherwise null. */
  dueAtMs: number | null;
  /** When a running clock becomes at risk if nothing pauses it; null otherwise (for scheduling re-checks). */
  atRiskAtMs: number | null;
  /** The instant the counted time reached the target, when it did so before the clock stopped. */
  breachedAtMs: number | null;
  /** When the clock stopped (first reply, or the latest entry into a resolved status); null while not stopped. */
  stoppedAtMs: number | null;
}

/**
 * The JSON shape `sla compute` prints: minutes as numbers (fractions allowed) and instants as
 * ISO-8601 UTC strings.
 */
import type { SlaTicketResult } from './engine.js';
import type { ClockResult, SlaMetric, SlaState } from './types.js';

export interface SlaMetricOutput {
  metric: SlaMetric;
  targetMinutes: number;
  elapsedMinutes: number;
  pausedMinutes: number;
  state: SlaState;
  dueAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
}

export interface SlaTicketOutput {
  id: string;
  policy: string | null;
  calendar: string | null;
  metrics: SlaMetricOutput[];
}

const MINUTE_MS = 60_000;

export function toIsoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toMetricOutput(result: ClockResult): SlaMetricOutput {
  return {
    metric: result.metric,
    targetMinutes: result.targetMs / MINUTE_MS,
    elapsedMinutes: result.elapsedMs / MINUTE_MS,
    pausedMinutes: result.pausedMs / MINUTE_MS,
    state: result.state,
    dueAt: toIsoOrNull(result.dueAtMs),
    breachedAt: toIsoOrNull(result.breachedAtMs),
    stoppedAt: toIsoOrNull(result.stoppedAtMs),
  };
}

export function toTicketOutput(result: SlaTicketResult): SlaTicketOutput {
  return { id: result.ticketId, policy: result.policy, calendar: result.calendar, metrics: result.metrics.map(toMetricOutput) };
}

/**
 * What an agent sees on a case (and a developer on the Jira issue): one SLA state and one due
 * time summarising the ticket's clocks. The most urgent state wins; the due time is the next
 * deadline of a clock that is still counting.
 */
import type { SlaState } from './types.js';

/** The part of a clock the summary needs (a ClockResult or a stored result both fit). */
export interface SummaryClock {
  state: SlaState;
  dueAtMs: number | null;
}

/** Shown on the case and the issue. `state` is null when the ticket has no SLA (no policy matched). */
export interface SlaSummary {
  state: SlaState | null;
  dueAtMs: number | null;
}

// Most urgent first: a breach anywhere is what the agent must see, then a clock about to breach.
const URGENCY: readonly SlaState[] = ['breached', 'at_risk', 'running', 'paused', 'met'];

export function summarizeClocks(clocks: readonly SummaryClock[]): SlaSummary {
  let state: SlaState | null = null;
  let dueAtMs: number | null = null;
  for (const clock of clocks) {
    if (state === null || URGENCY.indexOf(clock.state) < URGENCY.indexOf(state)) state = clock.state;
    // A breached clock that still runs keeps its (past) due time; a stopped or paused one has none.
    const counting = clock.state === 'running' || clock.state === 'at_risk' || clock.state === 'breached';
    if (counting && clock.dueAtMs !== null && (dueAtMs === null || clock.dueAtMs < dueAtMs)) dueAtMs = clock.dueAtMs;
  }
  return { state, dueAtMs };
}

/** Equal when both the state and the due instant match (instants compared as numbers). */
export function isSameSummary(a: SlaSummary, b: SlaSummary): boolean {
  return a.state === b.state && a.dueAtMs === b.dueAtMs;
}

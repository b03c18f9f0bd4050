/**
 * Incident metrics, pure: the durations of one incident (time to detect, acknowledge, mitigate,
 * resolve), percentiles over many, and RCA compliance (each stage done by its due time; action
 * sub-tasks still open). Instants in, milliseconds out; formatting is the report's business.
 */
import type { IncidentsConfig } from '../../config/schemas/incidents.js';
import { planRcaStages } from './rca.js';

/** What is known of an incident's moments. */
export interface IncidentMoments {
  /** The first sign of trouble: the earliest alert firing or linked case creation; null when neither is known. */
  firstSignalAt: Date | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

export type DurationMeasure = 'detect' | 'acknowledge' | 'mitigate' | 'resolve';
export const DURATION_MEASURES: readonly DurationMeasure[] = ['detect', 'acknowledge', 'mitigate', 'resolve'];

/** Milliseconds per measure; null while the moment has not happened. */
export type IncidentDurations = Record<DurationMeasure, number | null>;

/**
 * detect: first signal → opened; acknowledge, mitigate, resolve: opened → that moment. A resolution
 * with no mitigation seen counts as the mitigation (the service recovered then at the latest). A
 * signal after the opening (a case linked later) means detection took no time, not negative time.
 */
export function computeDurations(m: IncidentMoments): IncidentDurations {
  const since = (from: Date | null, to: Date | null) => (from === null || to === null ? null : Math.max(0, to.getTime() - from.getTime()));
  return {
    detect: m.firstSignalAt === null ? null : since(m.firstSignalAt, m.openedAt),
    acknowledge: since(m.openedAt, m.acknowledgedAt),
    mitigate: since(m.openedAt, m.mitigatedAt ?? m.resolvedAt),
    resolve: since(m.openedAt, m.resolvedAt),
  };
}

/** The duration a moment closes, as the histograms observe it when that moment happens. */
export const MEASURE_OF_MOMENT = { opened: 'detect', acknowledged: 'acknowledge', mitigated: 'mitigate', resolved: 'resolve' } as const;

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks (the common default of
 * spreadsheets and numpy); null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export interface DurationSummary {
  /** Incidents that have this duration. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export function summarizeDurations(values: ReadonlyArray<number | null>): DurationSummary {
  const known = values.filter((v): v is number => v !== null);
  return { count: known.length, medianMs: percentile(known, 50), p90Ms: percentile(known, 90) };
}

/** on time: done by its due time; late: done after it; overdue: open past due; open: not due yet. */
export type StageCompliance = 'on time' | 'late' | 'overdue' | 'open';

export interface StageRecord {
  stage: string;
  issueKey: string | null;
  dueAt: Date;
  status: string;
  doneAt: Date | null;
}

export interface RcaCompliance {
  stages: Array<{ stage: string; issueKey: string | null; dueAt: Date; doneAt: Date | null; compliance: StageCompliance }>;
  openActionSubtasks: string[];
  /** Every stage on time (or not yet due) and no action sub-task open past the last due time. */
  compliant: boolean;
}

/**
 * RCA compliance of a resolved incident against the configured stages (Initial RCA within 24 h, R&D
 * RCA within 48 h of the resolution, by default). A stage with no record yet is judged by its planned
 * due time. A stage seen done without a time is on time (it was done when casebridge first looked).
 */
export function evaluateRcaCompliance(rca: IncidentsConfig['rca'], input: { resolvedAt: Date; stages: readonly StageRecord[]; openActionSubtasks: readonly string[] }, now: Date): RcaCompliance {
  const planned = planRcaStages(rca, { resolvedAt: input.resolvedAt, incidentManagerAccountId: null, serviceOwnerAccountId: null });
  const stages = planned.map((plan) => {
    const record = input.stages.find((s) => s.stage === plan.name);
    const dueAt = record?.dueAt ?? plan.dueAt;
    const doneAt = record?.doneAt ?? null;
    const done = record?.status === 'done';
    const compliance: StageCompliance = done ? (doneAt !== null && doneAt.getTime() > dueAt.getTime() ? 'late' : 'on time') : now.getTime() > dueAt.getTime() ? 'overdue' : 'open';
    return { stage: plan.name, issueKey: record?.issueKey ?? null, dueAt, doneAt, compliance };
  });
  const lastDueMs = Math.max(...stages.map((s) => s.dueAt.getTime()));
  const actionsLate = input.openActionSubtasks.length > 0 && now.getTime() > lastDueMs;
  return { stages, openActionSubtasks: [...input.openActionSubtasks], compliant: stages.every((s) => s.compliance === 'on time' || s.compliance === 'open') && !actionsLate };
}

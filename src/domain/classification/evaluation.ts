/**
 * What `classify eval` reports beyond one confusion matrix: the figures per language (a model can
 * be good in English and poor in Hebrew), and whether every case with a real impact (a wide outage,
 * an injury, a threat) got P1 — the one miss that costs most.
 */
import { evaluatePredictions } from './metrics.js';
import type { EvaluationReport } from './metrics.js';

/** Figures for each value of a grouping column (e.g. language), computed on that group's rows alone. */
export function evaluateByGroup(truth: readonly string[], predicted: readonly string[], groups: readonly string[]): Record<string, EvaluationReport> {
  const rowsOf = new Map<string, number[]>();
  groups.forEach((group, i) => rowsOf.set(group, [...(rowsOf.get(group) ?? []), i]));
  const out: Record<string, EvaluationReport> = {};
  for (const group of [...rowsOf.keys()].sort()) {
    const rows = rowsOf.get(group) as number[];
    out[group] = evaluatePredictions(
      rows.map((i) => truth[i] as string),
      rows.map((i) => predicted[i] as string),
    );
  }
  return out;
}

/** One labelled case and the priority casebridge gave it. */
export interface PriorityOutcome {
  id: string;
  /** The corpus's impact label; `none` or empty for a case without impact. */
  impact: string;
  priority: string;
  topic: string;
  /** Impact signals that fired, for the report of a miss. */
  signals: string[];
}

/** P1 recall on the rows whose impact is not `none`. */
export interface P1Recall {
  /** Rows with an impact. */
  impactRows: number;
  /** Of those, rows given P1. */
  p1: number;
  /** `p1 / impactRows` (1 when there are no impact rows: nothing was missed). */
  recall: number;
  /** Per impact value: rows and how many got P1. */
  perImpact: Record<string, { rows: number; p1: number }>;
  /** The impact rows not given P1, so a person can see why. */
  misses: PriorityOutcome[];
  /** Rows labelled `none` and how many were given P1 anyway: the price of eager signals (pages nobody needed). */
  noImpact: { rows: number; p1: number };
}

export const NO_IMPACT = 'none';

export function measureP1Recall(outcomes: readonly PriorityOutcome[]): P1Recall {
  const impactful = outcomes.filter((o) => o.impact.trim() !== '' && o.impact.trim().toLowerCase() !== NO_IMPACT);
  const perImpact: Record<string, { rows: number; p1: number }> = {};
  for (const outcome of impactful) {
    const entry = (perImpact[outcome.impact] ??= { rows: 0, p1: 0 });
    entry.rows++;
    if (outcome.priority === 'P1') entry.p1++;
  }
  const misses = impactful.filter((o) => o.priority !== 'P1');
  const p1 = impactful.length - misses.length;
  const unimpactful = outcomes.filter((o) => o.impact.trim().toLowerCase() === NO_IMPACT);
  const noImpact = { rows: unimpactful.length, p1: unimpactful.filter((o) => o.priority === 'P1').length };
  return { impactRows: impactful.length, p1, recall: impactful.length === 0 ? 1 : p1 / impactful.length, perImpact, misses, noImpact };
}

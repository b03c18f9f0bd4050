/**
 * The quality gate of a retrained model: it replaces the current one only if its held-out macro-F1
 * is not lower. Both models are scored on the same held-out cases (the corpus's held-out file plus
 * a slice of the org's cases held out from training), by the model alone so that rules do not mask
 * a worse model. Per-language figures are printed with it, so a person sees what changed where.
 */
import type { CaseEvaluation } from './evaluate-cases.js';

/** The figures the gate compares and prints for one model. */
export interface GateFigures {
  macroF1: number;
  perLanguage: Record<string, number>;
  rows: number;
}

export interface GateDecision {
  accepted: boolean;
  /** Absent when there was no current model (the new one is accepted). */
  current?: GateFigures;
  candidate: GateFigures;
  why: string;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

export function toGateFigures(report: CaseEvaluation): GateFigures {
  return {
    macroF1: round(report.macroF1),
    perLanguage: Object.fromEntries(Object.entries(report.perLanguage).map(([language, figures]) => [language, round(figures.macroF1)])),
    rows: report.rows,
  };
}

export function decideGate(current: CaseEvaluation | undefined, candidate: CaseEvaluation): GateDecision {
  const next = toGateFigures(candidate);
  if (!current) return { accepted: true, candidate: next, why: `no current model: the new one (macro-F1 ${next.macroF1.toFixed(4)}) is taken` };
  const now = toGateFigures(current);
  // Compared at the printed precision, so that "not lower" is what a person reading the figures sees.
  const accepted = next.macroF1 >= now.macroF1;
  const verdict = accepted ? 'not lower: the new model replaces the current one' : 'lower: the current model is kept';
  return { accepted, current: now, candidate: next, why: `held-out macro-F1 ${now.macroF1.toFixed(4)} -> ${next.macroF1.toFixed(4)}, ${verdict}` };
}

/** The gate as lines for a terminal: old vs new overall and per language, then the verdict. */
export function formatGate(decision: GateDecision): string {
  const languages = [...new Set([...Object.keys(decision.current?.perLanguage ?? {}), ...Object.keys(decision.candidate.perLanguage)])].sort();
  const cell = (x: number | undefined): string => (x === undefined ? '   -  ' : x.toFixed(4));
  const lines = [`quality gate on ${decision.candidate.rows} held-out cases (macro-F1, model alone)`, `           current   new`];
  lines.push(`  overall  ${cell(decision.current?.macroF1)}    ${cell(decision.candidate.macroF1)}`);
  for (const language of languages) lines.push(`  ${language.padEnd(7)}  ${cell(decision.current?.perLanguage[language])}    ${cell(decision.candidate.perLanguage[language])}`);
  lines.push(`${decision.accepted ? 'ACCEPTED' : 'REFUSED'}: ${decision.why}`);
  return lines.join('\n');
}

/**
 * Pure helpers for the `classify` commands: parsing the `--features` spec and rendering an
 * evaluation report as a plain-text table.
 */
import { InvalidInputError } from '../../errors.js';
import { DEFAULT_FEATURES } from './features.js';
import type { FeatureOptions } from './features.js';
import type { EvaluationReport } from './metrics.js';
import type { CaseEvaluation } from './evaluate-cases.js';

function parseRange(text: string, what: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new InvalidInputError(`--features: ${what} range "${text}" is not N or N-M (e.g. 1-2)`);
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (min < 1 || max < min || max > 8) throw new InvalidInputError(`--features: ${what} range "${text}" must satisfy 1 <= N <= M <= 8`);
  return [min, max];
}

/**
 * Parses `word:1-2,char:2-5` (either part may be left out; `stem` cuts word n-grams from stems) into
 * feature options (`concepts`: lexicon concept terms; `pairs`: those and a term per pair of concepts in
 * one text). Sublinear tf and a minimum word length of 2 are always on.
 */
export function parseFeatureSpec(spec: string): FeatureOptions {
  const options: FeatureOptions = { ...DEFAULT_FEATURES, wordNgrams: null, charNgrams: null, stemming: false };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, range] = part.split(':');
    if (kind === 'word' && range) options.wordNgrams = parseRange(range, 'word');
    else if (kind === 'char' && range) options.charNgrams = parseRange(range, 'char');
    else if (kind === 'stem' && range === undefined) options.stemming = true;
    else if (kind === 'concepts' && range === undefined) options.concepts = true;
    else if (kind === 'pairs' && range === undefined) options.concepts = options.conceptPairs = true;
    else throw new InvalidInputError(`--features: "${part}" is not word:N-M, char:N-M, stem, concepts or pairs`);
  }
  if (!options.wordNgrams && !options.charNgrams) throw new InvalidInputError('--features: give word:N-M and/or char:N-M');
  return options;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const fixed = (x: number): string => x.toFixed(3);

/** Renders accuracy, macro-F1, per-class figures and the confusion matrix for a terminal. */
export function formatEvaluationTable(report: EvaluationReport): string {
  const labels = Object.keys(report.perClass);
  const width = Math.max(5, ...labels.map((l) => l.length)) + 2;
  const lines = [`rows ${report.rows}  accuracy ${fixed(report.accuracy)}  macro-F1 ${fixed(report.macroF1)}`, '', `${pad('class', width)}precision  recall  f1     support`];
  for (const label of labels) {
    const f = report.perClass[label]!;
    lines.push(`${pad(label, width)}${pad(fixed(f.precision), 11)}${pad(fixed(f.recall), 8)}${pad(fixed(f.f1), 7)}${f.support}`);
  }
  lines.push('', 'confusion (rows: true label; columns: predicted, in the order above)');
  for (const label of labels) {
    const row = labels.map((predicted) => String(report.confusion[label]?.[predicted] ?? 0).padStart(6)).join('');
    lines.push(`${pad(label, width)}${row}`);
  }
  return lines.join('\n');
}

/** Per-language lines, then P1 recall on impact rows with each miss, after the overall table. */
export function formatCaseEvaluation(report: CaseEvaluation): string {
  const lines = [`topics from: ${report.predictor === 'model' ? 'the model alone' : 'classifyCase (rules + model, per the config policy)'}`, formatEvaluationTable(report), '', 'per language'];
  for (const [language, figures] of Object.entries(report.perLanguage)) {
    lines.push(`  ${pad(language, 6)}rows ${pad(String(figures.rows), 6)}accuracy ${fixed(figures.accuracy)}  macro-F1 ${fixed(figures.macroF1)}`);
  }
  const p1 = report.p1;
  if (p1) {
    lines.push('', `P1 recall on impact rows: ${p1.p1}/${p1.impactRows} (${fixed(p1.recall)})`);
    for (const [impact, { rows, p1: got }] of Object.entries(p1.perImpact)) lines.push(`  ${pad(impact, 16)}${got}/${rows}`);
    for (const miss of p1.misses) lines.push(`  missed ${miss.id} (${miss.impact}): ${miss.priority}, topic ${miss.topic}, signals [${miss.signals.join(', ')}]`);
    lines.push(`P1 on rows without impact: ${p1.noImpact.p1}/${p1.noImpact.rows} (safety topics included, if P1 by topic)`);
  }
  return lines.join('\n');
}

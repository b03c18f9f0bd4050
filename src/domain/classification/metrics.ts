/**
 * Evaluation figures for a classifier: accuracy, per-class precision/recall/F1, macro-F1 and the
 * confusion matrix. Conventions follow scikit-learn's defaults so figures compare with its
 * baselines: the classes are the union of true and predicted labels, and a ratio with a zero
 * denominator counts as 0.
 */

/** Figures for one class. */
export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
}

/** The JSON shape printed by `classify eval --json`. */
export interface EvaluationReport {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, ClassFigures>;
  /** `confusion[trueLabel][predictedLabel]` = row count, every pair present (zeros included). */
  confusion: Record<string, Record<string, number>>;
  /** Number of rows evaluated. */
  rows: number;
}

function divide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Computes every figure from parallel arrays of true and predicted labels. */
export function evaluatePredictions(truth: readonly string[], predicted: readonly string[]): EvaluationReport {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth (${truth.length}) and predictions (${predicted.length}) differ in length`);
  }
  const labels = [...new Set([...truth, ...predicted])].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const actual of labels) {
    confusion[actual] = Object.fromEntries(labels.map((label) => [label, 0]));
  }
  let correct = 0;
  truth.forEach((actual, i) => {
    const guess = predicted[i] as string;
    const row = confusion[actual] as Record<string, number>;
    row[guess] = (row[guess] ?? 0) + 1;
    if (actual === guess) correct++;
  });
  const perClass: Record<string, ClassFigures> = {};
  let f1Sum = 0;
  for (const label of labels) {
    const truePositives = confusion[label]?.[label] ?? 0;
    const support = Object.values(confusion[label] ?? {}).reduce((a, b) => a + b, 0);
    const predictedCount = labels.reduce((sum, actual) => sum + (confusion[actual]?.[label] ?? 0), 0);
    const precision = divide(truePositives, predictedCount);
    const recall = divide(truePositives, support);
    const f1 = divide(2 * precision * recall, precision + recall);
    perClass[label] = { precision, recall, f1, support };
    f1Sum += f1;
  }
  return {
    accuracy: divide(correct, truth.length),
    macroF1: divide(f1Sum, labels.length),
    perClass,
    confusion,
    rows: truth.length,
  };
}

/** Rounds every figure to `digits` decimals for display (counts stay integers). */
export function roundReport(report: EvaluationReport, digits = 4): EvaluationReport {
  const round = (x: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
  const perClass: Record<string, ClassFigures> = {};
  for (const [label, f] of Object.entries(report.perClass)) {
    perClass[label] = { precision: round(f.precision), recall: round(f.recall), f1: round(f.f1), support: f.support };
  }
  return { ...report, accuracy: round(report.accuracy), macroF1: round(report.macroF1), perClass };
}

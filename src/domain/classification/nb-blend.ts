/**
 * The naive Bayes blend of the one-vs-rest SVMs (Wang and Manning, "Baselines and Bigrams: Simple,
 * Good Sentiment and Topic Classification", ACL 2012, their NBSVM). For each label, every feature
 * is scaled by its log-count ratio r (how much more often it occurs in that label's rows than in
 * the others'), the binary SVM is trained on the scaled rows, and the weights are drawn part of the
 * way towards their mean: w' = (1 - beta) * mean|w| + beta * w. The mean term is naive Bayes' own
 * vote (r times a constant), so beta < 1 mixes the evidence of every word a label's rows use with
 * the SVM's sparser choice; on our corpus's separately written dev set that generalised better to
 * new wording (config/models/README.md).
 *
 * The scoring side needs nothing new: score = w' . (r * x) = (w' * r) . x, so the blended weights
 * times r are stored as ordinary weights and the model file keeps its format.
 */
import type { SparseVector } from './features.js';

/** Smoothing added to every feature's count on both sides, as in the paper. */
const COUNT_SMOOTHING = 1;

/** Per feature, log of (share of the positive rows' occurrences) over (share of the others'), from presence counts. */
export function logCountRatios(rows: readonly SparseVector[], positive: ArrayLike<boolean>, featureCount: number): Float64Array {
  const inPositive = new Float64Array(featureCount).fill(COUNT_SMOOTHING);
  const inOthers = new Float64Array(featureCount).fill(COUNT_SMOOTHING);
  rows.forEach((row, i) => {
    const counts = positive[i] ? inPositive : inOthers;
    for (let k = 0; k < row.indices.length; k++) {
      if ((row.values[k] as number) > 0) counts[row.indices[k] as number] = (counts[row.indices[k] as number] as number) + 1;
    }
  });
  const positiveTotal = inPositive.reduce((sum, count) => sum + count, 0);
  const othersTotal = inOthers.reduce((sum, count) => sum + count, 0);
  return inPositive.map((count, f) => Math.log(count / positiveTotal / ((inOthers[f] as number) / othersTotal)));
}

/** The rows with every value multiplied by its feature's ratio (the vectors the binary SVM trains on). */
export function scaleRows(rows: readonly SparseVector[], ratios: Float64Array): SparseVector[] {
  return rows.map((row) => ({ indices: row.indices, values: Float64Array.from(row.values, (value, k) => value * (ratios[row.indices[k] as number] as number)) }));
}

/**
 * The weights to store for unscaled rows: the SVM's feature weights drawn towards their mean
 * magnitude by `1 - beta`, times the ratios. `svmWeights` has one entry per feature and the bias
 * last, which is returned unchanged.
 */
export function foldBlendedWeights(svmWeights: Float64Array, ratios: Float64Array, beta: number): Float64Array {
  const featureCount = ratios.length;
  let meanMagnitude = 0;
  for (let f = 0; f < featureCount; f++) meanMagnitude += Math.abs(svmWeights[f] as number);
  meanMagnitude /= Math.max(featureCount, 1);
  const folded = new Float64Array(featureCount + 1);
  for (let f = 0; f < featureCount; f++) folded[f] = ((1 - beta) * meanMagnitude + beta * (svmWeights[f] as number)) * (ratios[f] as number);
  folded[featureCount] = svmWeights[featureCount] as number;
  return folded;
}

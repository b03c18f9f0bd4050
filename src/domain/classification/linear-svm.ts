/**
 * L2-regularised, squared-hinge (L2-loss) linear SVM solved in the dual by coordinate descent with
 * shrinking — the method of Hsieh et al., "A Dual Coordinate Descent Method for Large-scale Linear
 * SVM" (ICML 2008), which is also LIBLINEAR's default for linear SVMs. One binary problem per call;
 * the model layer runs one per class (one-vs-rest). The bias is learned as the weight of an extra
 * constant feature equal to 1 (so it is regularised too, as in LIBLINEAR).
 */
import { createPrng } from '../random.js';
import type { SparseVector } from './features.js';

/** Solver settings; the defaults match what works well for TF-IDF text. */
export interface SvmOptions {
  /** Inverse regularisation strength; larger fits the training data harder. Default 1. */
  C: number;
  /** Stop when the projected-gradient spread falls below this. Default 0.1. */
  tolerance: number;
  /** Upper bound on passes over the data. Default 1000. */
  maxEpochs: number;
  /** Seed for the visiting order, so training is reproducible. */
  seed: number;
}

export const DEFAULT_SVM_OPTIONS: SvmOptions = { C: 1, tolerance: 0.1, maxEpochs: 1000, seed: 1 };

/** A binary classifier: weights of length `featureCount + 1` (the last is the bias) and its dual variables. */
export interface BinarySvm {
  w: Float64Array;
  /** One per training row; passing them back as `warmStart` resumes from this solution. */
  alpha: Float64Array;
}

/**
 * Trains one binary classifier. `positive[i]` says whether row i is the positive class.
 * `warmStart` (one value per row, e.g. a solution on a subset with zeros for the other rows)
 * starts the solver there: the dual is the same problem, so it converges to the same optimum, in
 * far fewer passes when the start is close.
 */
export function trainBinarySvm(rows: readonly SparseVector[], positive: ArrayLike<boolean>, featureCount: number, options: SvmOptions, warmStart?: Float64Array): BinarySvm {
  const l = rows.length;
  const w = new Float64Array(featureCount + 1);
  const biasIndex = featureCount;
  const alpha = warmStart ? Float64Array.from(warmStart) : new Float64Array(l);
  const diag = 0.5 / options.C;
  const qd = new Float64Array(l);
  const y = new Int8Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) {
    const row = rows[i] as SparseVector;
    let sq = 1; // the constant bias feature
    for (let k = 0; k < row.values.length; k++) sq += (row.values[k] as number) ** 2;
    qd[i] = sq + diag;
    y[i] = positive[i] ? 1 : -1;
    index[i] = i;
    const start = (alpha[i] as number) * (y[i] as number);
    if (start !== 0) {
      for (let k = 0; k < row.indices.length; k++) w[row.indices[k] as number] = (w[row.indices[k] as number] as number) + start * (row.values[k] as number);
      w[biasIndex] = (w[biasIndex] as number) + start;
    }
  }
  const random = createPrng(options.seed);
  let activeSize = l;
  let pgMaxOld = Infinity;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const j = s + Math.floor(random() * (activeSize - s));
      const tmp = index[s] as number;
      index[s] = index[j] as number;
      index[j] = tmp;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s] as number;
      const row = rows[i] as SparseVector;
      const yi = y[i] as number;
      let dot = w[biasIndex] as number;
      for (let k = 0; k < row.indices.length; k++) dot += (w[row.indices[k] as number] as number) * (row.values[k] as number);
      const g = yi * dot - 1 + (alpha[i] as number) * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          // Shrinking: this point sits well outside the margin; stop visiting it until the end check.
          activeSize--;
          index[s] = index[activeSize] as number;
          index[activeSize] = i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else {
        pg = g;
      }
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i] as number;
        const next = Math.max(old - g / (qd[i] as number), 0);
        alpha[i] = next;
        const d = (next - old) * yi;
        for (let k = 0; k < row.indices.length; k++) {
          const f = row.indices[k] as number;
          w[f] = (w[f] as number) + d * (row.values[k] as number);
        }
        w[biasIndex] = (w[biasIndex] as number) + d;
      }
    }
    if (pgMaxNew - pgMinNew <= options.tolerance) {
      if (activeSize === l) break;
      // Converged on the shrunk set: re-check every point once before stopping.
      activeSize = l;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
  }
  return { w, alpha };
}

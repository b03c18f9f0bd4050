/**
 * Training: hashed terms, a vocabulary with a minimum document frequency, TF-IDF vectors, one
 * linear SVM per label (one-vs-rest), and a confidence scale fitted on held-out rows.
 */
import { InvalidInputError } from '../../errors.js';
import { BucketIndex } from './bucket-index.js';
import { DEFAULT_FEATURES, TermCounter, toBuckets } from './features.js';
import { fitVocabulary } from './vocabulary.js';
import { TermBuffer } from './term-buffer.js';
import type { FeatureOptions, SparseVector } from './features.js';
import { DEFAULT_SVM_OPTIONS, trainBinarySvm } from './linear-svm.js';
import { foldBlendedWeights, logCountRatios, scaleRows } from './nb-blend.js';
import { MODEL_FORMAT, scoreVector, toProbabilities } from './model.js';
import type { LinearTextModel } from './model.js';

/** Training settings. Every field has a default. */
export interface TrainOptions {
  /** Default: word 1–2-grams and char 3–5-grams, sublinear tf. */
  features: FeatureOptions;
  /** Keep terms seen in at least this many training rows. Default 2. */
  minDf: number;
  /** SVM regularisation (see linear-svm.ts). Default 1. */
  C: number;
  /** Seed for the solver's visiting order. Default 1. */
  seed: number;
  /**
   * Blend each label's SVM with naive Bayes (nb-blend.ts): the share `beta` (0 to 1) kept of the
   * SVM's own weights. Unset: the plain SVM.
   */
  nbBlend?: number | undefined;
  /**
   * Fit the confidence scale on every 10th training row, held out from a first model; the final
   * model starts from that first one (warm start), so this costs a fraction of a second training.
   * When false the scale is 1. Default true.
   */
  calibrate: boolean;
  /** Recorded in the model file. */
  textColumns: string[];
  labelColumn: string;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  features: DEFAULT_FEATURES,
  minDf: 2,
  C: 1,
  seed: 1,
  calibrate: true,
  textColumns: ['text'],
  labelColumn: 'label',
};

interface FittedWeights {
  weights: Float32Array;
  bias: Float32Array;
  /** Per class, the solver's dual variables (one per row), for a warm start. */
  alphas: Float64Array[];
}

function fitWeights(rows: readonly SparseVector[], labelIndexes: Int32Array, classCount: number, featureCount: number, options: TrainOptions, warmStarts?: Float64Array[]): FittedWeights {
  const weights = new Float32Array(featureCount * classCount);
  const bias = new Float32Array(classCount);
  const alphas: Float64Array[] = [];
  const svm = { ...DEFAULT_SVM_OPTIONS, C: options.C, seed: options.seed };
  for (let c = 0; c < classCount; c++) {
    const positive = Array.from(labelIndexes, (label) => label === c);
    const ratios = options.nbBlend === undefined ? undefined : logCountRatios(rows, positive, featureCount);
    const trained = trainBinarySvm(ratios ? scaleRows(rows, ratios) : rows, positive, featureCount, svm, warmStarts?.[c]);
    const w = ratios ? foldBlendedWeights(trained.w, ratios, options.nbBlend as number) : trained.w;
    for (let f = 0; f < featureCount; f++) weights[f * classCount + c] = w[f] as number;
    bias[c] = w[featureCount] as number;
    alphas.push(trained.alpha);
  }
  return { weights, bias, alphas };
}

/** Mean negative log-likelihood of the true labels under softmax(scale · scores). */
function measureLogLoss(scoreRows: readonly Float64Array[], truth: ArrayLike<number>, scale: number): number {
  let total = 0;
  scoreRows.forEach((scores, i) => {
    const p = toProbabilities(scores, scale)[truth[i] as number] as number;
    total -= Math.log(Math.max(p, 1e-12));
  });
  return total / Math.max(scoreRows.length, 1);
}

const isHeldOut = (i: number): boolean => i % 10 === 7;

/** The scale minimising the log-loss on held-out rows. A coarse log grid: the loss is smooth and flat near its minimum. */
function chooseScale(scoreRows: readonly Float64Array[], truth: ArrayLike<number>): number {
  let bestScale = 1;
  let bestLoss = Infinity;
  for (let scale = 0.25; scale <= 64; scale *= 1.15) {
    const loss = measureLogLoss(scoreRows, truth, scale);
    if (loss < bestLoss) {
      bestLoss = loss;
      bestScale = scale;
    }
  }
  return Math.round(bestScale * 1000) / 1000;
}

/**
 * Fits the confidence scale on every 10th row with a model of the other rows, and returns that
 * model's dual variables spread over all rows (zeros for the held-out ones) as the final fit's start.
 */
function calibrate(rows: readonly SparseVector[], labelIndexes: Int32Array, base: Omit<LinearTextModel, 'weights' | 'bias'>, options: TrainOptions): { scale: number; warmStarts?: Float64Array[] } {
  const fitPositions = rows.flatMap((_, i) => (isHeldOut(i) ? [] : [i]));
  const heldRows = rows.filter((_, i) => isHeldOut(i));
  if (heldRows.length < 20) return { scale: 1 };
  const classCount = base.labels.length;
  const fitted = fitWeights(
    fitPositions.map((i) => rows[i] as SparseVector),
    Int32Array.from(fitPositions, (i) => labelIndexes[i] as number),
    classCount,
    base.buckets.length,
    options,
  );
  const first = { ...base, weights: fitted.weights, bias: fitted.bias };
  const scale = chooseScale(
    heldRows.map((row) => scoreVector(first, row)),
    labelIndexes.filter((_, i) => isHeldOut(i)),
  );
  const warmStarts = fitted.alphas.map((alpha) => {
    const spread = new Float64Array(rows.length);
    fitPositions.forEach((i, k) => (spread[i] = alpha[k] as number));
    return spread;
  });
  return { scale, warmStarts };
}

/** Hashes every text, keeps the buckets in at least `minDf` rows, and builds the TF-IDF rows. */
function vectorizeTrainingTexts(texts: readonly string[], options: TrainOptions): { buckets: Int32Array; idf: Float64Array; rows: SparseVector[] } {
  const terms = new TermBuffer();
  const bucketRows = texts.map((text) => toBuckets(text, options.features, terms));
  const vocabulary = fitVocabulary(bucketRows, options.minDf, options.features.hashBits);
  if (vocabulary.buckets.length === 0) throw new InvalidInputError(`no term occurs in at least ${options.minDf} rows; lower minDf or give more text`);
  const featureOf = new BucketIndex(vocabulary.buckets);
  const counter = new TermCounter(vocabulary.buckets.length);
  const rows = bucketRows.map((buckets) => {
    for (const bucket of buckets) {
      const feature = featureOf.get(bucket);
      if (feature >= 0) counter.add(feature, 0);
    }
    return counter.takeVector(vocabulary.idf, options.features.sublinearTf);
  });
  return { buckets: vocabulary.buckets, idf: vocabulary.idf, rows };
}

/**
 * Trains a classifier from parallel arrays of texts and labels. Throws InvalidInputError when
 * there is nothing to learn (no rows, fewer than two labels, or no term frequent enough).
 */
export function trainTextModel(texts: readonly string[], labels: readonly string[], partial: Partial<TrainOptions> = {}): LinearTextModel {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial, features: { ...DEFAULT_FEATURES, ...partial.features } };
  if (texts.length !== labels.length) throw new InvalidInputError(`texts (${texts.length}) and labels (${labels.length}) differ in length`);
  const labelSet = [...new Set(labels)].sort();
  if (options.nbBlend !== undefined && !(options.nbBlend >= 0 && options.nbBlend <= 1))
    throw new InvalidInputError(`nbBlend must be a number from 0 to 1 (the share of the SVM's own weights kept); got ${options.nbBlend}`);
  if (labelSet.length < 2) throw new InvalidInputError(`training needs at least two distinct labels; found ${labelSet.length} (${labelSet.join(', ') || 'none'}) in ${texts.length} rows`);
  const { buckets, idf, rows } = vectorizeTrainingTexts(texts, options);
  const labelIndex = new Map(labelSet.map((label, i) => [label, i]));
  const labelIndexes = Int32Array.from(labels, (label) => labelIndex.get(label) as number);
  const base: Omit<LinearTextModel, 'weights' | 'bias'> = {
    format: MODEL_FORMAT,
    labels: labelSet,
    features: options.features,
    buckets,
    idf: Float32Array.from(idf),
    confidenceScale: 1,
    trainedOn: {
      rows: texts.length,
      textColumns: options.textColumns,
      labelColumn: options.labelColumn,
      C: options.C,
      minDf: options.minDf,
      ...(options.nbBlend === undefined ? {} : { nbBlend: options.nbBlend }),
    },
  };
  const { scale, warmStarts } = options.calibrate ? calibrate(rows, labelIndexes, base, options) : { scale: 1, warmStarts: undefined };
  const { weights, bias } = fitWeights(rows, labelIndexes, labelSet.length, buckets.length, options, warmStarts);
  return { ...base, weights, bias, confidenceScale: scale };
}

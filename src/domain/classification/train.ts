/**
 * Training: vocabulary with a minimum document frequency, TF-IDF vectors, one linear SVM per label
 * (one-vs-rest), then a confidence scale fitted on held-out rows.
 */
import { InvalidInputError } from '../../errors.js';
import { DEFAULT_FEATURES, fitVocabulary, toTfidfVector, countTerms } from './features.js';
import type { FeatureOptions, SparseVector } from './features.js';
import { DEFAULT_SVM_OPTIONS, trainBinarySvm } from './linear-svm.js';
import { MODEL_FORMAT, scoreVector, toProbabilities } from './model.js';
import type { LinearTextModel } from './model.js';

/** Training settings. Every field has a default. */
export interface TrainOptions {
  /** Default: word 1–2-grams, sublinear tf. */
  features: FeatureOptions;
  /** Keep terms seen in at least this many training rows. Default 2. */
  minDf: number;
  /** SVM regularisation (see linear-svm.ts). Default 1. */
  C: number;
  /** Seed for the solver's visiting order. Default 1. */
  seed: number;
  /**
   * Fit the confidence scale on every 10th training row held out from a first model (doubles
   * training time). When false the scale is 1. Default true.
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
}

function fitWeights(rows: readonly SparseVector[], labelIndexes: Int32Array, classCount: number, featureCount: number, options: TrainOptions): FittedWeights {
  const weights = new Float32Array(featureCount * classCount);
  const bias = new Float32Array(classCount);
  const svm = { ...DEFAULT_SVM_OPTIONS, C: options.C, seed: options.seed };
  for (let c = 0; c < classCount; c++) {
    const positive = Array.from(labelIndexes, (label) => label === c);
    const w = trainBinarySvm(rows, positive, featureCount, svm);
    for (let f = 0; f < featureCount; f++) weights[f * classCount + c] = w[f] as number;
    bias[c] = w[featureCount] as number;
  }
  return { weights, bias };
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

function fitConfidenceScale(
  rows: readonly SparseVector[],
  labelIndexes: Int32Array,
  labels: string[],
  featureCount: number,
  options: TrainOptions,
  base: Omit<LinearTextModel, 'weights' | 'bias'>,
): number {
  const isHeldOut = (i: number): boolean => i % 10 === 7;
  const fitRows = rows.filter((_, i) => !isHeldOut(i));
  const fitLabels = Int32Array.from(labelIndexes.filter((_, i) => !isHeldOut(i)));
  const heldRows = rows.filter((_, i) => isHeldOut(i));
  const heldLabels = labelIndexes.filter((_, i) => isHeldOut(i));
  if (heldRows.length < 20) return 1;
  const first = { ...base, ...fitWeights(fitRows, fitLabels, labels.length, featureCount, options) };
  const scoreRows = heldRows.map((row) => scoreVector(first, row));
  let bestScale = 1;
  let bestLoss = Infinity;
  // A coarse log-spaced grid is enough: the loss is smooth and flat near its minimum.
  for (let scale = 0.25; scale <= 64; scale *= 1.15) {
    const loss = measureLogLoss(scoreRows, heldLabels, scale);
    if (loss < bestLoss) {
      bestLoss = loss;
      bestScale = scale;
    }
  }
  return Math.round(bestScale * 1000) / 1000;
}

/**
 * Trains a classifier from parallel arrays of texts and labels. Throws InvalidInputError when
 * there is nothing to learn (no rows, fewer than two labels, or no term frequent enough).
 */
export function trainTextModel(texts: readonly string[], labels: readonly string[], partial: Partial<TrainOptions> = {}): LinearTextModel {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial };
  if (texts.length !== labels.length) throw new InvalidInputError(`texts (${texts.length}) and labels (${labels.length}) differ in length`);
  const labelSet = [...new Set(labels)].sort();
  if (labelSet.length < 2) throw new InvalidInputError(`training needs at least two distinct labels; found ${labelSet.length} (${labelSet.join(', ') || 'none'}) in ${texts.length} rows`);
  const vocabulary = fitVocabulary(texts, options.features, options.minDf);
  if (vocabulary.terms.length === 0) throw new InvalidInputError(`no term occurs in at least ${options.minDf} rows; lower minDf or give more text`);
  const index = new Map<string, number>();
  vocabulary.terms.forEach((term, i) => index.set(term, i));
  const rows = texts.map((text) => toTfidfVector(countTerms(text, options.features), index, vocabulary.idf, options.features.sublinearTf));
  const labelIndex = new Map(labelSet.map((label, i) => [label, i]));
  const labelIndexes = Int32Array.from(labels, (label) => labelIndex.get(label) as number);
  const featureCount = vocabulary.terms.length;
  const base: Omit<LinearTextModel, 'weights' | 'bias'> = {
    format: MODEL_FORMAT,
    labels: labelSet,
    features: options.features,
    terms: vocabulary.terms,
    idf: Float32Array.from(vocabulary.idf),
    confidenceScale: 1,
    trainedOn: { rows: texts.length, textColumns: options.textColumns, labelColumn: options.labelColumn, C: options.C, minDf: options.minDf },
  };
  const confidenceScale = options.calibrate ? fitConfidenceScale(rows, labelIndexes, labelSet, featureCount, options, base) : 1;
  return { ...base, ...fitWeights(rows, labelIndexes, labelSet.length, featureCount, options), confidenceScale };
}

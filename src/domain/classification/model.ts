/**
 * A trained linear text classifier (one-vs-rest) and what it does at prediction time: cut terms,
 * weigh them by TF-IDF, score every label, turn scores into a confidence, and name the terms that
 * pushed the winning label up.
 */
import type { FeatureOptions, SparseVector } from './features.js';
import { vectorizePrepared } from './prepared-model.js';
import type { PreparedModel } from './prepared-model.js';
import { describeTerm } from './term-hash.js';
import type { CutText } from './term-hash.js';
import type { TokenInfo } from './token-info.js';
import { normalizeText, splitTokens } from './tokenize.js';

export { getPreparedModel, prepareModel } from './prepared-model.js';
export type { PreparedModel } from './prepared-model.js';

/** Model file format tag; bump when the layout changes so old files are refused, not misread. */
export const MODEL_FORMAT = 'casebridge-linear-text/2';

/** A trained model as held in memory (the model file stores the same fields). */
export interface LinearTextModel {
  format: typeof MODEL_FORMAT;
  /** Class labels; index `c` in `weights`/`bias` is `labels[c]`. */
  labels: string[];
  features: FeatureOptions;
  /** Term buckets of the vocabulary, ascending; feature `f` is bucket `buckets[f]`. */
  buckets: Int32Array;
  idf: Float32Array;
  /** Feature-major weights: the weight of feature `f` for label `c` is `weights[f * labels.length + c]`. */
  weights: Float32Array;
  bias: Float32Array;
  /**
   * Scale applied to the scores before the softmax that gives the confidence; fitted on rows held
   * out from training so that confidences are roughly honest (see train.ts).
   */
  confidenceScale: number;
  /** What the model was trained on, for people reading the file. */
  /** `nbBlend`: set when the SVMs were blended with naive Bayes (nb-blend.ts); the weights already hold it. */
  trainedOn: { rows: number; textColumns: string[]; labelColumn: string; C: number; minDf: number; nbBlend?: number };
}

/** A term that pushed the predicted label up, with its contribution to the score. */
export interface TermContribution {
  term: string;
  weight: number;
}

/** One prediction. `scores` are raw margins per label, in `labels` order. */
export interface ModelPrediction {
  label: string;
  /** Softmax of the scaled margins, in [0, 1]. */
  confidence: number;
  scores: Float64Array;
  /** Softmax of the scores at the model's confidence scale (`confidence` is the best label's). */
  probabilities: Float64Array;
  topTerms: TermContribution[];
}

/** Like `vectorizeText`, from the text's tokens (`splitTokens(normalizeText(text))`), when the caller has them. */
export function vectorizeTokens(prepared: PreparedModel, tokens: readonly string[]): { vector: SparseVector; cut: CutText } {
  const { vector, cut } = vectorizePrepared(prepared, tokens);
  // Back from the prepared numbering to the model's feature indexes.
  for (let k = 0; k < vector.indices.length; k++) vector.indices[k] = prepared.modelFeature[vector.indices[k] as number] as number;
  return { vector, cut };
}

/** Vectorises text exactly as training did, with the model's feature indexes. */
export function vectorizeText(prepared: PreparedModel, text: string): { vector: SparseVector; cut: CutText } {
  return vectorizeTokens(prepared, splitTokens(normalizeText(text)));
}

/** Raw one-vs-rest margins for one vector. */
export function scoreVector(model: LinearTextModel, vector: SparseVector): Float64Array {
  return scoreWeights(model.weights, model.bias, vector);
}

/**
 * Margins from feature-major `weights` (`bias.length` labels). Four labels at a time, each summed
 * in a local variable over the whole vector: half the time of one pass updating every label's sum
 * in an array, and the same scores to the last bit, as each label's sum still adds the same
 * products in the same order.
 */
function scoreWeights(weights: Float32Array, bias: Float32Array, vector: SparseVector): Float64Array {
  const classCount = bias.length;
  const scores = new Float64Array(classCount);
  const { indices, values } = vector;
  let c = 0;
  for (; c + 4 <= classCount; c += 4) {
    let s0 = bias[c] as number;
    let s1 = bias[c + 1] as number;
    let s2 = bias[c + 2] as number;
    let s3 = bias[c + 3] as number;
    for (let k = 0; k < indices.length; k++) {
      const base = (indices[k] as number) * classCount + c;
      const value = values[k] as number;
      s0 += value * (weights[base] as number);
      s1 += value * (weights[base + 1] as number);
      s2 += value * (weights[base + 2] as number);
      s3 += value * (weights[base + 3] as number);
    }
    scores[c] = s0;
    scores[c + 1] = s1;
    scores[c + 2] = s2;
    scores[c + 3] = s3;
  }
  for (; c < classCount; c++) {
    let sum = bias[c] as number;
    for (let k = 0; k < indices.length; k++) sum += (values[k] as number) * (weights[(indices[k] as number) * classCount + c] as number);
    scores[c] = sum;
  }
  return scores;
}

/** Softmax of `scale * scores`; returns the probability of each label. */
export function toProbabilities(scores: ArrayLike<number>, scale: number): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) max = Math.max(max, (scores[c] as number) * scale);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c] as number) * scale - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) / sum;
  return out;
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if ((values[c] as number) > (values[best] as number)) best = c;
  return best;
}

/**
 * The `count` features that added most to label `best`, named from where they occurred (the last
 * text vectorised). A running top-`count` list rather than sorting every term: a case has hundreds.
 */
function findTopTerms(prepared: PreparedModel, vector: SparseVector, best: number, count: number, cut: CutText): TermContribution[] {
  const { model, counter, weights } = prepared;
  const classCount = model.labels.length;
  const topWeights: number[] = [];
  const topEntries: number[] = [];
  for (let k = 0; k < vector.indices.length; k++) {
    const weight = (vector.values[k] as number) * (weights[(vector.indices[k] as number) * classCount + best] as number);
    if (weight <= 0 || (topWeights.length === count && weight <= (topWeights[count - 1] as number))) continue;
    let at = topWeights.length === count ? count - 1 : topWeights.length;
    while (at > 0 && (topWeights[at - 1] as number) < weight) {
      topWeights[at] = topWeights[at - 1] as number;
      topEntries[at] = topEntries[at - 1] as number;
      at--;
    }
    topWeights[at] = weight;
    topEntries[at] = k;
  }
  return topEntries.map((k, rank) => ({ term: describeTerm(cut, prepared.terms, counter.firstSeen(k)), weight: Math.round((topWeights[rank] as number) * 1e4) / 1e4 }));
}

/** Predicts the label of `text`, with confidence and up to `topTermCount` deciding terms. */
export function predictText(prepared: PreparedModel, text: string, topTermCount = 5): ModelPrediction {
  return predictTokens(prepared, splitTokens(normalizeText(text)), topTermCount);
}

/** Like `predictText`, from the text's tokens (see `vectorizeTokens`) and, if the caller has them, their `getTokenInfo`. */
export function predictTokens(prepared: PreparedModel, tokens: readonly string[], topTermCount = 5, infos?: readonly TokenInfo[]): ModelPrediction {
  const { model } = prepared;
  const { vector, cut } = vectorizePrepared(prepared, tokens, infos);
  const scores = scoreWeights(prepared.weights, model.bias, vector);
  const best = argMax(scores);
  const probabilities = toProbabilities(scores, model.confidenceScale);
  return {
    label: model.labels[best] as string,
    confidence: probabilities[best] as number,
    scores,
    probabilities,
    topTerms: topTermCount > 0 ? findTopTerms(prepared, vector, best, topTermCount, cut) : [],
  };
}

/** Fast path for bulk evaluation: the label only, no explanation. */
export function predictLabel(prepared: PreparedModel, text: string): string {
  const { vector } = vectorizePrepared(prepared, splitTokens(normalizeText(text)));
  const scores = scoreWeights(prepared.weights, prepared.model.bias, vector);
  return prepared.model.labels[argMax(scores)] as string;
}

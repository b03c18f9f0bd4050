/**
 * A trained linear text classifier (one-vs-rest) and what it does at prediction time: cut terms,
 * weigh them by TF-IDF, score every label, turn scores into a confidence, and name the terms that
 * pushed the winning label up.
 */
import { displayTerm, forEachWordTerm, getCharNgrams, toTfidfVectorOfIndexes } from './features.js';
import type { FeatureOptions, SparseVector } from './features.js';
import { normalizeText, splitTokens } from './tokenize.js';

/** Model file format tag; bump when the layout changes so old files are refused, not misread. */
export const MODEL_FORMAT = 'casebridge-linear-text/1';

/** A trained model as held in memory (the model file stores the same fields). */
export interface LinearTextModel {
  format: typeof MODEL_FORMAT;
  /** Class labels; index `c` in `weights`/`bias` is `labels[c]`. */
  labels: string[];
  features: FeatureOptions;
  /** Vocabulary terms; index `f` in `idf`/`weights` is `terms[f]`. */
  terms: string[];
  idf: Float32Array;
  /** Feature-major weights: the weight of term `f` for label `c` is `weights[f * labels.length + c]`. */
  weights: Float32Array;
  bias: Float32Array;
  /**
   * Scale applied to the scores before the softmax that gives the confidence; fitted on rows held
   * out from training so that confidences are roughly honest (see train.ts).
   */
  confidenceScale: number;
  /** What the model was trained on, for people reading the file. */
  trainedOn: { rows: number; textColumns: string[]; labelColumn: string; C: number; minDf: number };
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
  topTerms: TermContribution[];
}

/** Lookup from term to index, built once per loaded model. */
export interface PreparedModel {
  model: LinearTextModel;
  vocabulary: Map<string, number>;
  /**
   * Token → vocabulary indexes of its character n-grams. Cutting and looking up a dozen n-grams per
   * word is most of the prediction cost, and case texts repeat the same words. Bounded.
   */
  charIndexes: Map<string, Int32Array>;
}

const MAX_CACHED_TOKENS = 100_000;

export function prepareModel(model: LinearTextModel): PreparedModel {
  const vocabulary = new Map<string, number>();
  model.terms.forEach((term, i) => vocabulary.set(term, i));
  return { model, vocabulary, charIndexes: new Map() };
}

function getCharIndexes(prepared: PreparedModel, token: string, range: readonly [number, number]): Int32Array {
  let indexes = prepared.charIndexes.get(token);
  if (!indexes) {
    const found: number[] = [];
    for (const gram of getCharNgrams(token, range)) {
      const index = prepared.vocabulary.get(gram);
      if (index !== undefined) found.push(index);
    }
    indexes = Int32Array.from(found);
    if (prepared.charIndexes.size >= MAX_CACHED_TOKENS) prepared.charIndexes.clear();
    prepared.charIndexes.set(token, indexes);
  }
  return indexes;
}

/** Vectorises text exactly as training did (countTerms, then TF-IDF over the vocabulary). */
export function vectorizeText(prepared: PreparedModel, text: string): SparseVector {
  const { model, vocabulary } = prepared;
  const counts = new Map<number, number>();
  const bump = (index: number): void => {
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };
  const tokens = splitTokens(normalizeText(text));
  forEachWordTerm(tokens, model.features, (term) => {
    const index = vocabulary.get(term);
    if (index !== undefined) bump(index);
  });
  const range = model.features.charNgrams;
  if (range) for (const token of tokens) for (const index of getCharIndexes(prepared, token, range)) bump(index);
  return toTfidfVectorOfIndexes(counts, model.idf, model.features.sublinearTf);
}

/** Raw one-vs-rest margins for one vector. */
export function scoreVector(model: LinearTextModel, vector: SparseVector): Float64Array {
  const classCount = model.labels.length;
  const scores = Float64Array.from(model.bias);
  for (let k = 0; k < vector.indices.length; k++) {
    const base = (vector.indices[k] as number) * classCount;
    const value = vector.values[k] as number;
    for (let c = 0; c < classCount; c++) scores[c] = (scores[c] as number) + value * (model.weights[base + c] as number);
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

/** Predicts the label of `text`, with confidence and up to `topTermCount` deciding terms. */
export function predictText(prepared: PreparedModel, text: string, topTermCount = 5): ModelPrediction {
  const { model } = prepared;
  const vector = vectorizeText(prepared, text);
  const scores = scoreVector(model, vector);
  const best = argMax(scores);
  const probabilities = toProbabilities(scores, model.confidenceScale);
  const classCount = model.labels.length;
  const contributions: TermContribution[] = [];
  for (let k = 0; k < vector.indices.length; k++) {
    const f = vector.indices[k] as number;
    const weight = (vector.values[k] as number) * (model.weights[f * classCount + best] as number);
    if (weight > 0) contributions.push({ term: displayTerm(model.terms[f] as string), weight });
  }
  contributions.sort((a, b) => b.weight - a.weight);
  return {
    label: model.labels[best] as string,
    confidence: probabilities[best] as number,
    scores,
    topTerms: contributions.slice(0, topTermCount).map((t) => ({ term: t.term, weight: Math.round(t.weight * 1e4) / 1e4 })),
  };
}

/** Fast path for bulk evaluation: the label only, no explanation. */
export function predictLabel(prepared: PreparedModel, text: string): string {
  const scores = scoreVector(prepared.model, vectorizeText(prepared, text));
  return prepared.model.labels[argMax(scores)] as string;
}

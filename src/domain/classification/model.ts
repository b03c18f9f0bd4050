/**
 * A trained linear text classifier (one-vs-rest) and what it does at prediction time: cut terms,
 * weigh them by TF-IDF, score every label, turn scores into a confidence, and name the terms that
 * pushed the winning label up.
 */
import { BucketIndex } from './bucket-index.js';
import { TermCounter } from './features.js';
import type { FeatureOptions, SparseVector } from './features.js';
import { collectTerms, describeTerm, emitCharTerms, TERM_CHAR, TermBuffer, toCutText } from './term-hash.js';
import { normalizeText, splitTokens } from './tokenize.js';
import type { CutText } from './term-hash.js';

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

/** What prediction needs besides the model, built once per loaded model and reused across calls. */
export interface PreparedModel {
  model: LinearTextModel;
  index: BucketIndex;
  counter: TermCounter;
  /** The last text's term occurrences (reused: one text is vectorised at a time). */
  terms: TermBuffer;
  /** The model's features without character n-grams: those come from `charFeatures`. */
  wordFeatures: FeatureOptions;
  /**
   * Per token, its character n-grams that are features, as (feature, start, length) triples. Case
   * texts repeat the same few thousand words, and hashing and looking up each n-gram of each word
   * was most of a prediction. Bounded: cleared when full, which only costs recomputation.
   */
  charFeatures: Map<string, Int32Array>;
}

const MAX_CACHED_TOKENS = 50_000;

export function prepareModel(model: LinearTextModel): PreparedModel {
  const wordFeatures = { ...model.features, charNgrams: null };
  return { model, index: new BucketIndex(model.buckets), counter: new TermCounter(model.buckets.length), terms: new TermBuffer(), wordFeatures, charFeatures: new Map() };
}

const scratch = new TermBuffer();

function getCharFeatures(prepared: PreparedModel, token: string, range: readonly [number, number]): Int32Array {
  let found = prepared.charFeatures.get(token);
  if (found) return found;
  emitCharTerms(token, 0, range, 2 ** prepared.model.features.hashBits - 1, ((scratch.size = 0), scratch));
  const triples: number[] = [];
  for (let k = 0; k < scratch.size; k++) {
    const feature = prepared.index.get(scratch.buckets[k] as number);
    if (feature >= 0) triples.push(feature, scratch.places[4 * k + 2] as number, scratch.places[4 * k + 3] as number);
  }
  found = Int32Array.from(triples);
  if (prepared.charFeatures.size >= MAX_CACHED_TOKENS) prepared.charFeatures.clear();
  prepared.charFeatures.set(token, found);
  return found;
}

/** Vectorises text exactly as training did. */
export function vectorizeText(prepared: PreparedModel, text: string): { vector: SparseVector; cut: CutText } {
  return vectorizeTokens(prepared, splitTokens(normalizeText(text)));
}

/** Like `vectorizeText`, from the text's tokens (`splitTokens(normalizeText(text))`), when the caller has them. */
export function vectorizeTokens(prepared: PreparedModel, tokens: readonly string[]): { vector: SparseVector; cut: CutText } {
  const { model, index, counter, terms } = prepared;
  const cut = toCutText(tokens, model.features);
  collectTerms(cut, prepared.wordFeatures, terms);
  // Repeated occurrences sit next to each other (concepts, pairs): one lookup per run.
  const { buckets, size } = terms;
  for (let k = 0; k < size;) {
    const bucket = buckets[k] as number;
    let end = k + 1;
    while (end < size && buckets[end] === bucket) end++;
    const feature = index.get(bucket);
    if (feature >= 0) counter.add(feature, k, end - k);
    k = end;
  }
  const range = model.features.charNgrams;
  if (range) {
    for (let t = 0; t < tokens.length; t++) {
      const triples = getCharFeatures(prepared, tokens[t] as string, range);
      for (let i = 0; i < triples.length; i += 3) {
        // Bucket -1: the feature is already known. Only a feature's first occurrence is kept, so its term can be named.
        if (counter.add(triples[i] as number, terms.size)) terms.push(-1, TERM_CHAR, t, triples[i + 1] as number, triples[i + 2] as number);
      }
    }
  }
  return { vector: counter.takeVector(model.idf, model.features.sublinearTf), cut };
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

/**
 * The `count` features that added most to label `best`, named from where they occurred (the last
 * text vectorised). A running top-`count` list rather than sorting every term: a case has hundreds.
 */
function findTopTerms(prepared: PreparedModel, vector: SparseVector, best: number, count: number, cut: CutText): TermContribution[] {
  const { model, counter } = prepared;
  const classCount = model.labels.length;
  const topWeights: number[] = [];
  const topEntries: number[] = [];
  for (let k = 0; k < vector.indices.length; k++) {
    const weight = (vector.values[k] as number) * (model.weights[(vector.indices[k] as number) * classCount + best] as number);
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

/** Like `predictText`, from the text's tokens (see `vectorizeTokens`). */
export function predictTokens(prepared: PreparedModel, tokens: readonly string[], topTermCount = 5): ModelPrediction {
  const { model } = prepared;
  const { vector, cut } = vectorizeTokens(prepared, tokens);
  const scores = scoreVector(model, vector);
  const best = argMax(scores);
  const probabilities = toProbabilities(scores, model.confidenceScale);
  return {
    label: model.labels[best] as string,
    confidence: probabilities[best] as number,
    scores,
    topTerms: topTermCount > 0 ? findTopTerms(prepared, vector, best, topTermCount, cut) : [],
  };
}

/** Fast path for bulk evaluation: the label only, no explanation. */
export function predictLabel(prepared: PreparedModel, text: string): string {
  const scores = scoreVector(prepared.model, vectorizeText(prepared, text).vector);
  return prepared.model.labels[argMax(scores)] as string;
}

/**
 * What prediction needs besides the model, built once per loaded model, and the vectoriser that
 * uses it. Prediction spent most of its time waiting for memory: every case touches a few hundred
 * of the model's tens of thousands of features, each at a random place in the weights (1.9 MB for
 * the shipped model), the IDF and the counts. The prepared model therefore numbers features by how
 * many training rows they occur in, most frequent first, so the features most cases touch share a
 * few hundred kilobytes that stay in cache. The numbering changes no result: a vector's entries
 * are in the order the text's terms were found, whatever the numbers, so every sum is taken in the
 * same order as before; `vectorizeTokens` (model.ts) turns the numbers back into the model's.
 */
import { BucketIndex } from './bucket-index.js';
import { TermCounter } from './features.js';
import type { FeatureOptions, SparseVector } from './features.js';
import type { LinearTextModel } from './model.js';
import { TERM_CHAR, TermBuffer } from './term-buffer.js';
import { collectTerms, emitCharTerms, toCutText } from './term-hash.js';
import type { CutText } from './term-hash.js';
import { CHAR_FEATURE_OWNERS } from './token-info.js';
import type { TokenInfo } from './token-info.js';

export interface PreparedModel {
  /** Distinct for every prepared model: names the owner of a token's cached features (token-info.ts). */
  id: number;
  model: LinearTextModel;
  /** Bucket → prepared feature number. */
  index: BucketIndex;
  /** Prepared feature number → the model's feature index. */
  modelFeature: Int32Array;
  /**
   * The model's IDF and weights (feature-major, as in the model) by prepared feature number. The
   * IDF as doubles (the same values), as training hands `TermCounter.takeVector`: one array type
   * there keeps V8's fast path when a process trains and predicts.
   */
  idf: Float64Array;
  weights: Float32Array;
  counter: TermCounter;
  /** The last text's term occurrences (reused: one text is vectorised at a time). */
  terms: TermBuffer;
  /** The model's features without character n-grams: those come from `getCharFeatures`. */
  wordFeatures: FeatureOptions;
}

/** Model feature indexes, most frequent in training first (lowest IDF); ties in model order. */
function orderByFrequency(idf: Float32Array): Int32Array {
  const order = Int32Array.from({ length: idf.length }, (_, f) => f);
  return order.sort((a, b) => (idf[a] as number) - (idf[b] as number) || a - b);
}

let preparedCount = 0;

export function prepareModel(model: LinearTextModel): PreparedModel {
  const classCount = model.labels.length;
  const modelFeature = orderByFrequency(model.idf);
  const buckets = new Int32Array(modelFeature.length);
  const idf = new Float64Array(modelFeature.length);
  const weights = new Float32Array(model.weights.length);
  modelFeature.forEach((f, p) => {
    buckets[p] = model.buckets[f] as number;
    idf[p] = model.idf[f] as number;
    weights.set(model.weights.subarray(f * classCount, (f + 1) * classCount), p * classCount);
  });
  return {
    id: ++preparedCount,
    model,
    index: new BucketIndex(buckets),
    modelFeature,
    idf,
    weights,
    counter: new TermCounter(modelFeature.length),
    terms: new TermBuffer(),
    wordFeatures: { ...model.features, charNgrams: null },
  };
}

const preparedModels = new WeakMap<LinearTextModel, PreparedModel>();

/** The prepared form of `model`, built at its first use and kept as long as the model is. */
export function getPreparedModel(model: LinearTextModel): PreparedModel {
  let prepared = preparedModels.get(model);
  if (!prepared) {
    prepared = prepareModel(model);
    preparedModels.set(model, prepared);
  }
  return prepared;
}

const scratch = new TermBuffer();

/**
 * A token's character n-grams that are features, as (feature, start, length) triples. Case texts
 * repeat the same few thousand words, and hashing and looking up each n-gram of each word was most
 * of a prediction, so they are kept with the token (`TokenInfo.charFeatures`).
 */
function getCharFeatures(prepared: PreparedModel, token: string, info: TokenInfo, range: readonly [number, number]): Int32Array {
  const cached = info.charFeatures.find((entry) => entry.owner === prepared.id);
  if (cached) return cached.features;
  emitCharTerms(token, 0, range, 2 ** prepared.model.features.hashBits - 1, ((scratch.size = 0), scratch));
  const triples: number[] = [];
  for (let k = 0; k < scratch.size; k++) {
    const feature = prepared.index.get(scratch.buckets[k] as number);
    if (feature >= 0) triples.push(feature, scratch.places[4 * k + 2] as number, scratch.places[4 * k + 3] as number);
  }
  const features = Int32Array.from(triples);
  if (info.charFeatures.length >= CHAR_FEATURE_OWNERS) info.charFeatures.shift();
  info.charFeatures.push({ owner: prepared.id, features });
  return features;
}

/**
 * The TF-IDF vector of a text's tokens (`splitTokens(normalizeText(text))`) exactly as training
 * cut it, indexed by prepared feature number. `infos`: the tokens' `getTokenInfo`, if the caller has them.
 */
export function vectorizePrepared(prepared: PreparedModel, tokens: readonly string[], infos?: readonly TokenInfo[]): { vector: SparseVector; cut: CutText } {
  const { model, index, counter, terms } = prepared;
  const cut = toCutText(tokens, model.features, infos);
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
      const triples = getCharFeatures(prepared, tokens[t] as string, cut.infos[t] as TokenInfo, range);
      for (let i = 0; i < triples.length; i += 3) {
        // Bucket -1: the feature is already known. Only a feature's first occurrence is kept, so its term can be named.
        if (counter.add(triples[i] as number, terms.size)) terms.push(-1, TERM_CHAR, t, triples[i + 1] as number, triples[i + 2] as number);
      }
    }
  }
  return { vector: counter.takeVector(prepared.idf, model.features.sublinearTf), cut };
}

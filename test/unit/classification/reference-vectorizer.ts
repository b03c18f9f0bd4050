/**
 * A plain reference for what a model sees in a text, written from the description of the terms
 * (features.ts, term-hash.ts) rather than from the optimised code: every term is built as a string
 * (word n-grams of stems, Hebrew bare forms, concepts and their pairs, character n-grams of the
 * space-padded token) and hashed whole, counted in a Map, weighed by TF-IDF and L2-normalised in
 * the order the terms were found, then scored label by label. prediction-stability.unit.test.ts
 * compares the optimised vectoriser and scorer with it to the last bit.
 *
 * The hashing constants are the model file format: a model trained before must keep its buckets.
 */
import { CONCEPT_IDS, getConceptIndex } from '../../../src/domain/classification/concept-lexicon.js';
import type { FeatureOptions } from '../../../src/domain/classification/features.js';
import type { LinearTextModel } from '../../../src/domain/classification/model.js';
import { getHebrewBareForms, getStem } from '../../../src/domain/classification/stem.js';
import { normalizeText, splitTokens } from '../../../src/domain/classification/tokenize.js';

/** MurmurHash3's 32-bit steps: one mixing round per 32-bit input, then the final avalanche. */
const rotate = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const mix = (h: number, k: number): number => (Math.imul(rotate(h ^ Math.imul(rotate(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593), 13), 5) + 0xe6546b64) | 0;
function finish(h: number, length: number): number {
  let x = h ^ length;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
function hashString(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return finish(h, text.length);
}
const hashWord = (word: string): number => hashString(0x9747b28c, word);
const hashWords = (words: readonly string[]): number =>
  finish(
    words.reduce((h, w) => mix(h, hashWord(w)), 0x5bd1e995),
    words.length,
  );

/** One term occurrence: its bucket (before masking) and its text as a person reads it. */
interface Term {
  hash: number;
  name: string;
}

function wordTerms(tokens: readonly string[], options: FeatureOptions): Term[] {
  const out: Term[] = [];
  if (!options.wordNgrams) return out;
  const [minN, maxN] = options.wordNgrams;
  const words = tokens.filter((t) => t.length >= options.minWordLength).map((t) => (options.stemming ? getStem(t) : t));
  for (let i = 0; i < words.length; i++) {
    for (let n = minN; n <= maxN && i + n <= words.length; n++) out.push({ hash: hashWords(words.slice(i, i + n)), name: words.slice(i, i + n).join(' ') });
  }
  if (options.stemming && minN <= 1) for (const token of tokens) for (const bare of getHebrewBareForms(token)) out.push({ hash: hashWords([bare]), name: bare });
  return out;
}

function conceptTerms(tokens: readonly string[], options: FeatureOptions): Term[] {
  if (!options.concepts) return [];
  const { byKey } = getConceptIndex();
  const found: number[] = [];
  tokens.forEach((token, t) => {
    const keys = [getStem(token), ...getHebrewBareForms(token)];
    if (t + 1 < tokens.length) keys.push(`${getStem(token)} ${getStem(tokens[t + 1] as string)}`);
    for (const key of keys) found.push(...(byKey.get(key) ?? []));
  });
  const out: Term[] = [];
  for (const c of found) for (let r = 0; r < 8; r++) out.push({ hash: finish(mix(0x2f9be6cc, c), 1), name: `{${CONCEPT_IDS[c]}}` });
  if (!options.conceptPairs) return out;
  const distinct = [...new Set(found)].sort((a, b) => a - b);
  for (const [i, a] of distinct.entries()) {
    for (const b of distinct.slice(i + 1)) for (let r = 0; r < 16; r++) out.push({ hash: finish(mix(mix(0x68e31da4, a), b), 2), name: `{${CONCEPT_IDS[a]}+${CONCEPT_IDS[b]}}` });
  }
  return out;
}

function charTerms(tokens: readonly string[], range: readonly [number, number] | null): Term[] {
  const out: Term[] = [];
  if (!range) return out;
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let start = 0; start < padded.length; start++) {
      for (let n = range[0]; n <= range[1] && start + n <= padded.length; n++) out.push({ hash: hashString(0x1b873593, padded.slice(start, start + n)), name: `[${padded.slice(start, start + n)}]` });
    }
  }
  return out;
}

/** Every term of `text` in the order the model counts them: words, concepts, characters. */
export function referenceTerms(text: string, options: FeatureOptions): Term[] {
  const tokens = splitTokens(normalizeText(text));
  return [...wordTerms(tokens, options), ...conceptTerms(tokens, options), ...charTerms(tokens, options.charNgrams)];
}

export interface ReferencePrediction {
  /** Model feature indexes, in the order their first term was found. */
  indices: number[];
  values: number[];
  /** The text of each entry's first term. */
  names: string[];
  scores: number[];
}

/** For one model: text → the reference vector, the name of each entry's first term, and the scores. */
export function referencePredictor(model: LinearTextModel): (text: string) => ReferencePrediction {
  const featureOf = new Map(Array.from(model.buckets, (bucket, f) => [bucket, f]));
  return (text) => predictByReference(model, featureOf, text);
}

function predictByReference(model: LinearTextModel, featureOf: ReadonlyMap<number, number>, text: string): ReferencePrediction {
  const counts = new Map<number, { count: number; name: string }>();
  for (const { hash, name } of referenceTerms(text, model.features)) {
    const f = featureOf.get(hash % 2 ** model.features.hashBits);
    if (f === undefined) continue;
    const seen = counts.get(f);
    if (seen) seen.count++;
    else counts.set(f, { count: 1, name });
  }
  const indices = [...counts.keys()];
  const raw = indices.map((f) => (model.features.sublinearTf ? 1 + Math.log(counts.get(f)!.count) : counts.get(f)!.count) * model.idf[f]!);
  const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
  const values = raw.map((v) => v / norm);
  const labels = model.labels.length;
  const scores = model.labels.map((_, c) => indices.reduce((s, f, k) => s + values[k]! * model.weights[f * labels + c]!, model.bias[c]!));
  return { indices, values, names: indices.map((f) => counts.get(f)!.name), scores };
}

/**
 * Text → sparse TF-IDF vectors. Terms are word n-grams (of stems, when `stemming` is on, the same
 * stems keyword matching uses) and, optionally, character n-grams taken inside word boundaries
 * (each word padded with a space on both sides), which copes with typos, German compounds and the
 * inflection a stemmer misses.
 */
import { getHebrewBareForms, getStem } from './stem.js';
import { normalizeText, splitTokens } from './tokenize.js';

/** Which n-grams a model uses. Stored in the model file so prediction cuts the same terms. */
export interface FeatureOptions {
  /** Word n-gram range, inclusive, e.g. `[1, 2]`; `null` for none. */
  wordNgrams: [number, number] | null;
  /** Character n-gram range inside word boundaries, e.g. `[2, 5]`; `null` for none. */
  charNgrams: [number, number] | null;
  /** Words shorter than this are left out of word n-grams (2 drops one-letter noise). */
  minWordLength: number;
  /** Use `1 + ln(tf)` instead of the raw count, so a repeated word does not dominate. */
  sublinearTf: boolean;
  /**
   * Word n-grams of English/Russian stems instead of the written words, plus, for a Hebrew word
   * with fused one-letter prefixes, unigrams of its bare forms. Model files without the field
   * were trained without it (false).
   */
  stemming: boolean;
}

/**
 * Word 1–2-grams as written and character 3–5-grams. On the public IT helpdesk set (English, fixed
 * split) this gives macro-F1 0.863 against 0.860 for words alone; stems instead of written words
 * lowered it (0.855 alone, 0.861 with char n-grams), so stemming is an option (`stemming`), not the
 * default, until the project's own multilingual corpus says otherwise. Keyword matching always stems.
 */
export const DEFAULT_FEATURES: FeatureOptions = {
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  minWordLength: 2,
  sublinearTf: true,
  stemming: false,
};

/** Character n-gram keys start with this so they never collide with a word term. */
const CHAR_PREFIX = '\u0001';

/** Calls `add` for every word n-gram of the tokens (and Hebrew bare forms, when stemming). */
export function forEachWordTerm(tokens: readonly string[], options: FeatureOptions, add: (term: string) => void): void {
  if (!options.wordNgrams) return;
  const [minN, maxN] = options.wordNgrams;
  const kept = tokens.filter((t) => t.length >= options.minWordLength);
  const words = options.stemming ? kept.map(getStem) : kept;
  if (options.stemming && minN <= 1) for (const token of kept) for (const bare of getHebrewBareForms(token)) add(bare);
  for (let i = 0; i < words.length; i++) {
    let term = '';
    for (let n = 1; n <= maxN && i + n <= words.length; n++) {
      term = n === 1 ? (words[i] as string) : `${term} ${words[i + n - 1] as string}`;
      if (n >= minN) add(term);
    }
  }
}

/** Training cuts every word of every row twice (vocabulary, then vectors): remembered, bounded. */
const MAX_CACHED_TOKENS = 200_000;
const charNgramCache = new Map<string, readonly string[]>();

/** The prefixed character n-grams of one token, padded with a space on both sides (repeats kept). */
export function getCharNgrams(token: string, range: readonly [number, number]): readonly string[] {
  const [minN, maxN] = range;
  const key = `${minN}-${maxN} ${token}`;
  const cached = charNgramCache.get(key);
  if (cached) return cached;
  const padded = ` ${token} `;
  const grams: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(CHAR_PREFIX + padded.slice(i, i + n));
  }
  if (charNgramCache.size >= MAX_CACHED_TOKENS) charNgramCache.clear();
  charNgramCache.set(key, grams);
  return grams;
}

/** Counts every term of `text`. Keys are word n-grams joined by a space, or prefixed char n-grams. */
export function countTerms(text: string, options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string): void => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  const tokens = splitTokens(normalizeText(text));
  forEachWordTerm(tokens, options, add);
  if (options.charNgrams) for (const token of tokens) for (const gram of getCharNgrams(token, options.charNgrams)) add(gram);
  return counts;
}

/** Shows a term the way a person reads it (char n-grams in brackets). */
export function displayTerm(term: string): string {
  return term.startsWith(CHAR_PREFIX) ? `[${term.slice(1)}]` : term;
}

/** A sparse vector: parallel arrays of feature indexes and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Turns term counts into an L2-normalised TF-IDF vector over a fixed vocabulary. Terms outside the
 * vocabulary are ignored (they carry no weight in the model anyway).
 */
export function toTfidfVector(counts: Map<string, number>, vocabulary: ReadonlyMap<string, number>, idf: ArrayLike<number>, sublinearTf: boolean): SparseVector {
  const indexCounts = new Map<number, number>();
  for (const [term, count] of counts) {
    const index = vocabulary.get(term);
    if (index !== undefined) indexCounts.set(index, count);
  }
  return toTfidfVectorOfIndexes(indexCounts, idf, sublinearTf);
}

/** Like `toTfidfVector`, from counts already keyed by vocabulary index. */
export function toTfidfVectorOfIndexes(counts: ReadonlyMap<number, number>, idf: ArrayLike<number>, sublinearTf: boolean): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  let sumSquares = 0;
  for (const [index, count] of counts) {
    const tf = sublinearTf ? 1 + Math.log(count) : count;
    const value = tf * (idf[index] ?? 0);
    indices.push(index);
    values.push(value);
    sumSquares += value * value;
  }
  const norm = Math.sqrt(sumSquares) || 1;
  const out: SparseVector = { indices: Int32Array.from(indices), values: new Float64Array(values.length) };
  for (let k = 0; k < values.length; k++) out.values[k] = (values[k] as number) / norm;
  return out;
}

/** Vocabulary chosen from training documents, with smoothed IDF `ln((1 + n) / (1 + df)) + 1`. */
export interface Vocabulary {
  terms: string[];
  idf: Float64Array;
}

/**
 * Keeps the terms found in at least `minDf` documents (rarer terms mostly overfit and bloat the
 * model file). Counts document frequency in one streaming pass, so only one document's terms are
 * held at a time.
 */
export function fitVocabulary(texts: readonly string[], options: FeatureOptions, minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const term of countTerms(text, options).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const terms: string[] = [];
  for (const [term, count] of df) if (count >= minDf) terms.push(term);
  terms.sort();
  const idf = new Float64Array(terms.length);
  const n = texts.length;
  terms.forEach((term, i) => {
    idf[i] = Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1;
  });
  return { terms, idf };
}

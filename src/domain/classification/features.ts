/**
 * Text → sparse TF-IDF vectors over a compact vocabulary. Terms are word n-grams (of stems, when
 * `stemming` is on, the same stems keyword matching uses) and, optionally, character n-grams taken
 * inside word boundaries (each word padded with a space on both sides), which copes with typos,
 * compounds and the inflection a stemmer misses. Terms are hashed into buckets (term-hash.ts); the
 * vocabulary (vocabulary.ts) is the buckets found in at least `minDf` training rows, numbered in bucket order.
 */
import { TermBuffer } from './term-buffer.js';
import { collectTerms, describeTerm, toCutText } from './term-hash.js';
import type { CutText } from './term-hash.js';
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
   * with fused one-letter prefixes, unigrams of its bare forms.
   */
  stemming: boolean;
  /**
   * Also one term per concept of the multilingual lexicon (concept-lexicon.ts) a word belongs to,
   * so the three languages share what they learn. Absent in older model files: false.
   */
  concepts?: boolean;
  /** With `concepts`: also one term per pair of concepts found in the same text. Absent: false. */
  conceptPairs?: boolean;
  /** Terms are hashed into `2^hashBits` buckets before the vocabulary is chosen. Default 22. */
  hashBits: number;
}

/**
 * Word 1–2-grams as written and character 3–5-grams. On the public IT helpdesk set (English, fixed
 * split) this gives macro-F1 0.863 against 0.860 for words alone; stems instead of written words
 * lowered it there, so stemming is an option (`stemming`). Keyword matching always stems.
 */
export const DEFAULT_FEATURES: FeatureOptions = {
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  minWordLength: 2,
  sublinearTf: true,
  stemming: false,
  hashBits: 22,
};

/** Normalises and cuts a text the way both training and prediction do. */
export function cutText(text: string, options: FeatureOptions): CutText {
  return toCutText(splitTokens(normalizeText(text)), options);
}

/** Every term of `text` as a person reads it, with its count: for tests and for looking at a text. */
export function listTerms(text: string, options: FeatureOptions): Map<string, number> {
  const cut = cutText(text, options);
  const terms = new TermBuffer();
  collectTerms(cut, options, terms);
  const counts = new Map<string, number>();
  for (let k = 0; k < terms.size; k++) {
    const term = describeTerm(cut, terms, k);
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** The buckets of every term occurrence of one text (repeats kept). */
export function toBuckets(text: string, options: FeatureOptions, terms = new TermBuffer()): Int32Array {
  collectTerms(cutText(text, options), options, terms);
  return terms.buckets.slice(0, terms.size);
}

/** A sparse vector: parallel arrays of feature indexes and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Accumulates one text's term counts by feature index without a Map per text: a dense count array
 * reused across texts, reset through the list of indexes touched. Also remembers the occurrence
 * (in the caller's TermBuffer) where each feature was first seen, so a prediction can name its
 * terms: entry `k` of the vector `takeVector` returns was first seen at `firstSeen(k)`.
 */
export class TermCounter {
  /** Whole counts: 4 bytes each keep more of the array in cache than doubles (the same values). */
  private readonly counts: Int32Array;
  private touched = new Int32Array(256);
  private first = new Int32Array(256);
  private size = 0;

  constructor(featureCount: number) {
    this.counts = new Int32Array(featureCount);
  }

  /**
   * Counts feature `index` `times` times (default once), found as term occurrence `occurrence`.
   * True when it is the feature's first occurrence in this text (the one `firstSeen` names).
   */
  add(index: number, occurrence: number, times = 1): boolean {
    const before = this.counts[index] as number;
    this.counts[index] = before + times;
    if (before !== 0) return false;
    if (this.size === this.touched.length) {
      const touched = new Int32Array(this.size * 2);
      touched.set(this.touched);
      const first = new Int32Array(this.size * 2);
      first.set(this.first);
      this.touched = touched;
      this.first = first;
    }
    this.touched[this.size] = index;
    this.first[this.size++] = occurrence;
    return true;
  }

  /** The term occurrence where entry `k` of the last vector was first seen (until the next text is counted). */
  firstSeen(k: number): number {
    return this.first[k] as number;
  }

  /** The L2-normalised TF-IDF vector of what was counted; then resets for the next text. */
  takeVector(idf: ArrayLike<number>, sublinearTf: boolean): SparseVector {
    const indices = this.touched.slice(0, this.size);
    const values = new Float64Array(this.size);
    let sumSquares = 0;
    for (let k = 0; k < this.size; k++) {
      const index = indices[k] as number;
      const count = this.counts[index] as number;
      // Most terms occur once in a case: skip the logarithm for them.
      const value = (count === 1 ? 1 : sublinearTf ? 1 + Math.log(count) : count) * (idf[index] ?? 0);
      values[k] = value;
      sumSquares += value * value;
      this.counts[index] = 0;
    }
    const norm = Math.sqrt(sumSquares) || 1;
    for (let k = 0; k < values.length; k++) values[k] = (values[k] as number) / norm;
    this.size = 0;
    return { indices, values };
  }
}

/**
 * The terms of a text (word n-grams, Hebrew bare forms, character n-grams) as hashed buckets, cut
 * without building a string per term. Training used to build a `Map<string, number>` of every
 * n-gram of every row and spent more time there than in the solver (23 s of 78 s on the IT helpdesk
 * set); hashing the characters in place (MurmurHash3's 32-bit mixing steps) does the same work with
 * integer arithmetic. Terms that share a bucket share a weight, as in any hashing vectorizer; with
 * 2^22 buckets such collisions are rare among the terms frequent enough to be kept.
 *
 * A term is kept as (bucket, kind, position), so a caller that needs a term's text (the terms a
 * prediction names) can cut it from the position for just the few terms it shows.
 */
import { CONCEPT_IDS, getConceptIndex } from './concept-lexicon.js';
import type { ConceptIndex } from './concept-lexicon.js';
import type { FeatureOptions } from './features.js';
import { getTokenInfo } from './token-info.js';
import type { TokenInfo } from './token-info.js';
import { TERM_BARE, TERM_CHAR, TERM_CONCEPT, TERM_CONCEPT_PAIR, TERM_WORD } from './term-buffer.js';
import type { TermBuffer } from './term-buffer.js';

/** Tokens of a text and the words word n-grams are cut from (long enough; stems when stemming). */
export interface CutText {
  tokens: readonly string[];
  /** `getTokenInfo` of each token. */
  infos: readonly TokenInfo[];
  words: readonly string[];
}

const SEED_WORD = 0x9747b28c;
const SEED_NGRAM = 0x5bd1e995;
const SEED_CHAR = 0x1b873593;
const SEED_CONCEPT = 0x2f9be6cc;
const SPACE = 32;

function mix(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

function finish(h: number, length: number): number {
  let x = h ^ length;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hash of a whole word, from `start` of the string. */
function hashWord(word: string, start = 0): number {
  let h = SEED_WORD;
  for (let i = start; i < word.length; i++) h = mix(h, word.charCodeAt(i));
  return finish(h, word.length - start);
}

/** Splits tokens into the words of word n-grams (see FeatureOptions). */
export function toCutText(tokens: readonly string[], options: FeatureOptions, infos: readonly TokenInfo[] = tokens.map(getTokenInfo)): CutText {
  const words: string[] = [];
  tokens.forEach((token, t) => {
    if (token.length >= options.minWordLength) words.push(options.stemming ? (infos[t] as TokenInfo).stem : token);
  });
  return { tokens, infos, words };
}

function emitWordTerms(cut: CutText, options: FeatureOptions, mask: number, out: TermBuffer): void {
  if (!options.wordNgrams) return;
  const [minN, maxN] = options.wordNgrams;
  const { words, tokens } = cut;
  const hashes = words.map((w) => hashWord(w));
  for (let i = 0; i < words.length; i++) {
    let h = SEED_NGRAM;
    for (let n = 1; n <= maxN && i + n <= words.length; n++) {
      h = mix(h, hashes[i + n - 1] as number);
      if (n >= minN) out.push(finish(h, n) & mask, TERM_WORD, i, n, 0);
    }
  }
  // A bare form is the unigram of the word written without its proclitics.
  if (options.stemming && minN <= 1) {
    tokens.forEach((token, t) => {
      const { forms } = cut.infos[t] as TokenInfo;
      for (let k = 1; k < forms.length; k++) {
        const bare = forms[k] as string;
        out.push(finish(mix(SEED_NGRAM, hashWord(bare)), 1) & mask, TERM_BARE, t, token.length - bare.length, 0);
      }
    });
  }
}

/**
 * A concept occurrence counts as this many term occurrences (with sublinear tf, 1 + ln 8 ≈ 3.1 times
 * a word seen once): a case has a handful of concept terms among hundreds of character n-grams.
 * Chosen by 5-fold cross-validation on corpus/ride-hailing/train.csv (macro-F1 1: 0.812, 3: 0.820,
 * 8: 0.825, 20: 0.822, 50: 0.824).
 */
const CONCEPT_REPEAT = 8;

function pushConcepts(concepts: readonly number[] | undefined, t: number, mask: number, out: TermBuffer): void {
  if (!concepts) return;
  for (const concept of concepts) out.pushRepeated(finish(mix(SEED_CONCEPT, concept), 1) & mask, TERM_CONCEPT, t, concept, 0, CONCEPT_REPEAT);
}

/**
 * One term per concept each token (as a stem, or a Hebrew bare form: `TokenInfo.concepts`) and
 * each pair of neighbouring tokens belongs to.
 */
function emitConceptTerms(infos: readonly TokenInfo[], index: ConceptIndex, mask: number, out: TermBuffer): void {
  for (let t = 0; t < infos.length; t++) {
    const info = infos[t] as TokenInfo;
    pushConcepts(info.concepts, t, mask, out);
    if (t + 1 < infos.length && info.startsConceptPair) pushConcepts(index.byKey.get(`${info.stem} ${(infos[t + 1] as TokenInfo).stem}`), t, mask, out);
  }
}

const SEED_PAIR = 0x68e31da4;
/**
 * A concept pair counts as this many occurrences, for the same reason as CONCEPT_REPEAT. 5-fold CV on
 * train.csv (2,909 rows, C 2, concepts 8): 1: 0.855, 2: 0.863, 4: 0.867, 8: 0.872, 16: 0.872, 32: 0.873
 * (concepts 4 or 16 with pairs 16: 0.873 either way); without pairs 0.852.
 */
const PAIR_REPEAT = 16;

/** One term per pair of distinct concepts found in the text (each pair once), after the concept terms. */
function emitConceptPairs(out: TermBuffer, from: number, mask: number): void {
  const found: number[] = [];
  for (let k = from; k < out.size; k++) {
    const concept = out.places[4 * k + 2] as number;
    if (!found.includes(concept)) found.push(concept);
  }
  found.sort((a, b) => a - b);
  for (let i = 0; i < found.length; i++) {
    for (let j = i + 1; j < found.length; j++) {
      const a = found[i] as number;
      const b = found[j] as number;
      out.pushRepeated(finish(mix(mix(SEED_PAIR, a), b), 2) & mask, TERM_CONCEPT_PAIR, 0, a, b, PAIR_REPEAT);
    }
  }
}

/** Character n-grams of one token padded with a space on both sides (repeats kept). */
export function emitCharTerms(token: string, t: number, range: readonly [number, number], mask: number, out: TermBuffer): void {
  const [minN, maxN] = range;
  const padded = token.length + 2;
  for (let start = 0; start + minN <= padded; start++) {
    let h = SEED_CHAR;
    for (let n = 1; n <= maxN && start + n <= padded; n++) {
      // Position p of the padded token: a space at both ends (no padded string is built).
      const p = start + n - 1;
      h = mix(h, p === 0 || p === padded - 1 ? SPACE : token.charCodeAt(p - 1));
      if (n >= minN) out.push(finish(h, n) & mask, TERM_CHAR, t, start, n);
    }
  }
}

/** Fills `out` (emptied first) with every term of the cut text, bucketed into `2^options.hashBits`. */
export function collectTerms(cut: CutText, options: FeatureOptions, out: TermBuffer): void {
  out.size = 0;
  const mask = 2 ** options.hashBits - 1;
  emitWordTerms(cut, options, mask, out);
  if (options.concepts) {
    const from = out.size;
    emitConceptTerms(cut.infos, getConceptIndex(), mask, out);
    if (options.conceptPairs) emitConceptPairs(out, from, mask);
  }
  const range = options.charNgrams;
  if (range) for (let t = 0; t < cut.tokens.length; t++) emitCharTerms(cut.tokens[t] as string, t, range, mask, out);
}

/** The text of term occurrence `k` of `terms` as a person reads it: words as cut, character n-grams in brackets. */
export function describeTerm(cut: CutText, terms: TermBuffer, k: number): string {
  const p = terms.places;
  const [kind, at, a, b] = [p[4 * k], p[4 * k + 1] as number, p[4 * k + 2] as number, p[4 * k + 3] as number];
  if (kind === TERM_WORD) return cut.words.slice(at, at + a).join(' ');
  if (kind === TERM_CONCEPT) return `{${CONCEPT_IDS[a] ?? a}}`;
  if (kind === TERM_CONCEPT_PAIR) return `{${CONCEPT_IDS[a] ?? a}+${CONCEPT_IDS[b] ?? b}}`;
  const token = cut.tokens[at] ?? '';
  if (kind === TERM_BARE) return token.slice(a);
  return `[${` ${token} `.slice(a, a + b)}]`;
}

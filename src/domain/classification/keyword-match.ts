/**
 * Matching of configured keywords against the words of a case. Words meet by stem (stem.ts), so
 * "refunds" matches the keyword "refund" and "водителей" matches "водитель"; Hebrew words also
 * meet behind fused one-letter prefixes. A phrase's words may have other words between them (up to
 * `maxWordsBetween` in all) and, with `anyOrder`, come in any order, but never across a sentence
 * end. All keywords of a config are indexed on their words, so a case is scanned once however
 * many keywords there are.
 */
import { getStem } from './stem.js';
import { normalizeText, splitTokens } from './tokenize.js';

/** How loosely a keyword phrase may appear in the text. */
export interface PhraseMatching {
  /** Other words allowed between a phrase's words, in total (0: next to each other). */
  maxWordsBetween: number;
  /** Whether a phrase's words may appear in another order ("дважды списали"). */
  anyOrder: boolean;
}

export const DEFAULT_PHRASE_MATCHING: PhraseMatching = { maxWordsBetween: 3, anyOrder: false };

/** One keyword word: a stem to equal, or (trailing `*`) a normalised prefix to start a word form. */
export interface KeywordWord {
  value: string;
  isPrefix: boolean;
}

interface IndexedKeyword {
  owner: number;
  /** The keyword as written in the config, for reasons. */
  text: string;
  words: KeywordWord[];
  /** How loosely this keyword may appear (its owner's setting, else the index's). */
  matching: PhraseMatching;
}

/** A keyword reachable from a case word that matches its word number `word`. */
export interface Anchor {
  keyword: IndexedKeyword;
  word: number;
}

/** All keywords of a config, indexed for one-pass matching. */
export interface KeywordIndex {
  exact: Map<string, Anchor[]>;
  /** Anchors on prefix words, keyed on the prefix's first two characters (or its only one). */
  prefixed: Map<string, Anchor[]>;
  /**
   * Per case token, the anchors its word matches (`findAnchors`), remembered: they depend on the
   * token alone, and finding them takes several lookups and substrings. Bounded like the stems.
   */
  anchorsByToken: Map<string, readonly Anchor[]>;
}

/** Splits a configured keyword into words; a trailing `*` makes the last one a prefix. */
export function parseKeyword(keyword: string): KeywordWord[] {
  const isPrefix = keyword.trim().endsWith('*');
  const words = splitTokens(normalizeText(keyword));
  return words.map((word, i) => (isPrefix && i === words.length - 1 ? { value: word, isPrefix: true } : { value: getStem(word), isPrefix: false }));
}

function addAnchor(map: Map<string, Anchor[]>, key: string, anchor: Anchor): void {
  const list = map.get(key) ?? [];
  list.push(anchor);
  map.set(key, list);
}

/**
 * Indexes `entries`; an entry's own `matching` (the priority signals' window, say) overrides
 * `matching` for that keyword.
 */
export function buildKeywordIndex(entries: ReadonlyArray<{ owner: number; keyword: string; matching?: PhraseMatching }>, matching: PhraseMatching = DEFAULT_PHRASE_MATCHING): KeywordIndex {
  const index: KeywordIndex = { exact: new Map(), prefixed: new Map(), anchorsByToken: new Map() };
  for (const entry of entries) {
    const indexed: IndexedKeyword = { owner: entry.owner, text: entry.keyword, words: parseKeyword(entry.keyword), matching: entry.matching ?? matching };
    // In order, a match starts at the first word; in any order, at whichever word comes first.
    const anchorCount = indexed.matching.anyOrder ? indexed.words.length : Math.min(1, indexed.words.length);
    for (let word = 0; word < anchorCount; word++) {
      const { value, isPrefix } = indexed.words[word] as KeywordWord;
      if (isPrefix) addAnchor(index.prefixed, value.slice(0, 2), { keyword: indexed, word });
      else addAnchor(index.exact, value, { keyword: indexed, word });
    }
  }
  return index;
}

/** One word of a case (text-match.ts cuts them): its forms (Hebrew: also without proclitics), their distinct stems, its sentence. Forms and stems are shared: never change them. */
export interface CaseWord {
  forms: readonly string[];
  stems: readonly string[];
  sentence: number;
}

function matchesWord(word: KeywordWord, caseWord: CaseWord): boolean {
  return word.isPrefix ? caseWord.forms.some((form) => form.startsWith(word.value)) : caseWord.stems.includes(word.value);
}

/**
 * Whether the keyword's other words follow the anchor word at `start` within the window, in the
 * same sentence, each on its own case word. Greedy earliest choice is enough: in order it gives the
 * shortest span; in any order a phrase's words are different words.
 */
function matchesAround(anchor: Anchor, words: readonly CaseWord[], start: number, matching: PhraseMatching): boolean {
  const { words: keywordWords } = anchor.keyword;
  const last = Math.min(words.length - 1, start + keywordWords.length - 1 + matching.maxWordsBetween);
  const sentence = (words[start] as CaseWord).sentence;
  // A phrase has a few words: an array is cheaper than a Set for every anchor tried.
  const used = [start];
  let from = start + 1;
  for (let k = 0; k < keywordWords.length; k++) {
    if (k === anchor.word) continue;
    let found = -1;
    for (let q = matching.anyOrder ? start + 1 : from; q <= last && (words[q] as CaseWord).sentence === sentence; q++) {
      if (!used.includes(q) && matchesWord(keywordWords[k] as KeywordWord, words[q] as CaseWord)) {
        found = q;
        break;
      }
    }
    if (found < 0) return false;
    used.push(found);
    from = found + 1;
  }
  return true;
}

/**
 * The anchors whose anchor word `word` matches, in the order keywords are tried: those on each of
 * its stems, then the prefixes its forms start with (found by their first two letters, or their
 * only one, and checked).
 */
function findAnchors(index: KeywordIndex, word: CaseWord): Anchor[] {
  const anchors: Anchor[] = [];
  for (const stem of word.stems) anchors.push(...(index.exact.get(stem) ?? []));
  if (index.prefixed.size === 0) return anchors;
  const addPrefixed = (candidates: Anchor[] | undefined): void => {
    for (const anchor of candidates ?? []) if (matchesWord(anchor.keyword.words[anchor.word] as KeywordWord, word)) anchors.push(anchor);
  };
  for (const form of word.forms) {
    addPrefixed(index.prefixed.get(form.slice(0, 2)));
    // One-letter prefixes are keyed on their one letter.
    if (form.length > 1) addPrefixed(index.prefixed.get(form.slice(0, 1)));
  }
  return anchors;
}

const MAX_CACHED_TOKENS = 50_000;

function getAnchors(index: KeywordIndex, word: CaseWord): readonly Anchor[] {
  const token = word.forms[0] as string;
  let anchors = index.anchorsByToken.get(token);
  if (anchors === undefined) {
    if (index.anchorsByToken.size >= MAX_CACHED_TOKENS) index.anchorsByToken.clear();
    anchors = findAnchors(index, word);
    index.anchorsByToken.set(token, anchors);
  }
  return anchors;
}

/** Returns, per owner, the configured keywords found in the words (each listed once). */
export function findKeywordHits(index: KeywordIndex, words: readonly CaseWord[]): Map<number, string[]> {
  return collectKeywordHits(index, words, (word) => getAnchors(index, word));
}

/**
 * `findKeywordHits` with the anchors to try at each word given by `anchorsOf` (each must match
 * the word; a test tries every anchor of the index there instead).
 */
export function collectKeywordHits(index: KeywordIndex, words: readonly CaseWord[], anchorsOf: (word: CaseWord) => readonly Anchor[]): Map<number, string[]> {
  const hits = new Map<number, string[]>();
  const found = new Set<IndexedKeyword>();
  for (let start = 0; start < words.length; start++) {
    for (const anchor of anchorsOf(words[start] as CaseWord)) {
      if (found.has(anchor.keyword)) continue;
      if (!matchesAround(anchor, words, start, anchor.keyword.matching)) continue;
      found.add(anchor.keyword);
      const list = hits.get(anchor.keyword.owner) ?? [];
      if (!list.includes(anchor.keyword.text)) list.push(anchor.keyword.text);
      hits.set(anchor.keyword.owner, list);
    }
  }
  return hits;
}

/**
 * Matching of configured keywords, regular expressions and case-field conditions against one case.
 * Keywords of every rule and signal are compiled into one index keyed on their first word, so a
 * case is scanned once however many keywords the config has.
 */
import { normalizeText, splitTokens } from './tokenize.js';

/** A case field test as written in the config: exactly one operator is set. */
export interface FieldCondition {
  field: string;
  equals?: string | undefined;
  in?: string[] | undefined;
  notIn?: string[] | undefined;
  isSet?: boolean | undefined;
}

/** Case fields by API name; missing, null and empty mean "not set". */
export type CaseFieldValues = Readonly<Record<string, string | null | undefined>>;

/** Hebrew one-letter proclitics (and, the, in, as, to, from, that) written fused to the next word. */
const HEBREW_PROCLITICS = new Set(['ו', 'ה', 'ב', 'כ', 'ל', 'מ', 'ש']);
const HEBREW_LETTER = /^[\u05d0-\u05ea]/;

interface KeywordWord {
  value: string;
  isPrefix: boolean;
}

interface IndexedKeyword {
  owner: number;
  /** The keyword as written in the config, for reasons. */
  text: string;
  words: KeywordWord[];
}

/** All keywords of a config, indexed for one-pass matching. */
export interface KeywordIndex {
  exact: Map<string, IndexedKeyword[]>;
  /** Keywords whose first word is a prefix, keyed on the prefix's first two characters. */
  prefixed: Map<string, IndexedKeyword[]>;
}

/** Splits a configured keyword into normalised words; a trailing `*` marks the last one a prefix. */
export function parseKeyword(keyword: string): KeywordWord[] {
  const isPrefix = keyword.trim().endsWith('*');
  const words = splitTokens(normalizeText(keyword));
  return words.map((value, i) => ({ value, isPrefix: isPrefix && i === words.length - 1 }));
}

export function buildKeywordIndex(entries: ReadonlyArray<{ owner: number; keyword: string }>): KeywordIndex {
  const index: KeywordIndex = { exact: new Map(), prefixed: new Map() };
  for (const { owner, keyword } of entries) {
    const words = parseKeyword(keyword);
    const first = words[0];
    if (!first) continue;
    const map = first.isPrefix ? index.prefixed : index.exact;
    const key = first.isPrefix ? first.value.slice(0, 2) : first.value;
    const list = map.get(key) ?? [];
    list.push({ owner, text: keyword, words });
    map.set(key, list);
  }
  return index;
}

/** The forms a case word may match as: itself and, for Hebrew, without up to two proclitics. */
function getWordForms(token: string): string[] {
  const forms = [token];
  if (!HEBREW_LETTER.test(token)) return forms;
  let rest = token;
  for (let k = 0; k < 2 && rest.length > 2 && HEBREW_PROCLITICS.has(rest[0] as string); k++) {
    rest = rest.slice(1);
    forms.push(rest);
  }
  return forms;
}

function matchesWord(word: KeywordWord, forms: readonly string[]): boolean {
  return forms.some((form) => (word.isPrefix ? form.startsWith(word.value) : form === word.value));
}

/** Text of a case prepared once for every matcher: NFC original (for regexes) and word forms. */
export interface PreparedText {
  raw: string;
  forms: string[][];
}

export function prepareText(text: string): PreparedText {
  return { raw: text.normalize('NFC'), forms: splitTokens(normalizeText(text)).map(getWordForms) };
}

/** Returns, per owner, the configured keywords found in the text (each listed once). */
export function findKeywordHits(index: KeywordIndex, text: PreparedText): Map<number, string[]> {
  const hits = new Map<number, string[]>();
  const record = (keyword: IndexedKeyword): void => {
    const list = hits.get(keyword.owner) ?? [];
    if (!list.includes(keyword.text)) list.push(keyword.text);
    hits.set(keyword.owner, list);
  };
  const { forms } = text;
  const tryAt = (i: number, candidates: IndexedKeyword[] | undefined): void => {
    if (!candidates) return;
    for (const keyword of candidates) {
      if (i + keyword.words.length > forms.length) continue;
      if (keyword.words.every((word, k) => matchesWord(word, forms[i + k] as string[]))) record(keyword);
    }
  };
  for (let i = 0; i < forms.length; i++) {
    for (const form of forms[i] as string[]) {
      tryAt(i, index.exact.get(form));
      tryAt(i, index.prefixed.get(form.slice(0, 2)));
      tryAt(i, index.prefixed.get(form.slice(0, 1))); // one-letter prefixes are keyed on one letter
    }
  }
  return hits;
}

function isSet(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value.trim() !== '';
}

/** Evaluates one field condition; values compare trimmed and case-insensitively. */
export function isFieldConditionMet(condition: FieldCondition, fields: CaseFieldValues): boolean {
  const raw = fields[condition.field];
  const value = isSet(raw) ? raw.trim().toLowerCase() : undefined;
  const same = (expected: string): boolean => value === expected.trim().toLowerCase();
  if (condition.isSet !== undefined) return condition.isSet === (value !== undefined);
  if (condition.equals !== undefined) return same(condition.equals);
  if (condition.in !== undefined) return condition.in.some(same);
  if (condition.notIn !== undefined) return !condition.notIn.some(same);
  return false;
}

/** Renders a condition for reasons, e.g. `Origin in [Driver App, Phone]`. */
export function describeFieldCondition(condition: FieldCondition): string {
  if (condition.isSet !== undefined) return `${condition.field} ${condition.isSet ? 'is set' : 'is empty'}`;
  if (condition.equals !== undefined) return `${condition.field} = ${condition.equals}`;
  if (condition.in !== undefined) return `${condition.field} in [${condition.in.join(', ')}]`;
  return `${condition.field} not in [${(condition.notIn ?? []).join(', ')}]`;
}

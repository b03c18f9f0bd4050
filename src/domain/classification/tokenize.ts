/**
 * Unicode-aware text normalisation and tokenisation shared by the keyword rules and the trained
 * model, so that a keyword written in the config and the same word in a case always meet.
 *
 * What is folded, and why:
 * - NFC first, so a decomposed `й` or `ü` (base letter + combining mark) becomes one letter.
 * - Lower case (locale-independent).
 * - Hebrew points and cantillation (niqqud, U+0591–U+05C7 marks) are removed: most text has none,
 *   and a pointed keyword must still match unpointed text.
 * - Hebrew final letters (ך ם ן ף ץ) become their regular forms: a word's final letter is no longer
 *   final once a suffix is added (חשבון → חשבונות), so prefix keywords need one form.
 * - Hebrew geresh/gershayim inside a word (צה״ל, ג׳) are dropped so the acronym stays one token.
 * - Russian `ё` becomes `е`, as most writers do not type the diaeresis.
 * - German `ß` becomes `ss` (what upper-casing does anyway: STRASSE/Straße); umlauts are kept as
 *   letters and never split a word.
 */

const HEBREW_MARKS = /[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]/g;
const HEBREW_PUNCT_IN_WORD = /(?<=[\u05d0-\u05ea])[\u05f3\u05f4'"](?=[\u05d0-\u05ea])/g;
const FINAL_TO_REGULAR: Readonly<Record<string, string>> = {
  '\u05da': '\u05db', // ך → כ
  '\u05dd': '\u05de', // ם → מ
  '\u05df': '\u05e0', // ן → נ
  '\u05e3': '\u05e4', // ף → פ
  '\u05e5': '\u05e6', // ץ → צ
};
const FINAL_LETTERS = /[\u05da\u05dd\u05df\u05e3\u05e5]/g;
/** A token is a run of letters and digits; combining marks that survive NFC stay in the word. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Normalises text as described in the module comment; the result is what tokens are cut from. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(HEBREW_MARKS, '')
    .replace(HEBREW_PUNCT_IN_WORD, '')
    .replace(FINAL_LETTERS, (letter) => FINAL_TO_REGULAR[letter] ?? letter)
    .replace(/ё/g, 'е')
    .replace(/ß/g, 'ss');
}

/** Splits already-normalised text into word tokens (letters and digits, any script). */
export function splitTokens(normalized: string): string[] {
  return normalized.match(TOKEN) ?? [];
}

/** A token with the number of the sentence it is in (0-based). */
export interface SentenceToken {
  token: string;
  sentence: number;
}

/**
 * What ends a sentence between two tokens: a line break, or `.` `!` `?` `;` `…` followed by a space.
 * A dot inside "12.50" or "e.g" does not.
 */
const SENTENCE_BREAK = /\n|[.!?;\u2026]\s/;

/**
 * Like `splitTokens`, also numbering sentences, so that a keyword phrase is not matched across a
 * sentence end ("...I was charged. Twice the driver called...").
 */
export function splitSentenceTokens(normalized: string): SentenceToken[] {
  const out: SentenceToken[] = [];
  let sentence = 0;
  let end = 0;
  for (const match of normalized.matchAll(TOKEN)) {
    const start = match.index;
    if (out.length > 0 && SENTENCE_BREAK.test(normalized.slice(end, start))) sentence++;
    out.push({ token: match[0], sentence });
    end = start + match[0].length;
  }
  return out;
}

/** Normalises and tokenises in one step. */
export function tokenize(text: string): string[] {
  return splitTokens(normalizeText(text));
}

/** The script a case is mostly written in: the basis of the reported language. */
export type Script = 'cyrillic' | 'hebrew' | 'latin' | 'other';

/** Counts letters per script and returns the most frequent one (`other` for no letters). */
export function detectScript(text: string): Script {
  let cyrillic = 0;
  let hebrew = 0;
  let latin = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x0400 && code <= 0x04ff) cyrillic++;
    else if (code >= 0x05d0 && code <= 0x05ea) hebrew++;
    else if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0x24f)) latin++;
  }
  const best = Math.max(cyrillic, hebrew, latin);
  if (best === 0) return 'other';
  if (best === cyrillic) return 'cyrillic';
  if (best === hebrew) return 'hebrew';
  return 'latin';
}

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

const HEBREW_BLOCK = /[\u0591-\u05f4]/;
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
  let out = text.normalize('NFC').toLowerCase();
  // Each pass copies the text; text without Hebrew (most cases) skips the three Hebrew ones.
  if (HEBREW_BLOCK.test(out)) {
    out = out
      .replace(HEBREW_MARKS, '')
      .replace(HEBREW_PUNCT_IN_WORD, '')
      .replace(FINAL_LETTERS, (letter) => FINAL_TO_REGULAR[letter] ?? letter);
  }
  return out.replace(/[ёß]/g, (letter) => (letter === 'ё' ? 'е' : 'ss'));
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
 * Whether the gap `text[from, to)` between two tokens ends a sentence: a line break, or `.` `!` `?`
 * `;` `…` followed by white space. A dot inside "12.50" or "e.g" does not. A loop, not a regex on
 * a slice: it runs for every word of every case.
 */
function isSentenceBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if ((c === 46 || c === 33 || c === 63 || c === 59 || c === 0x2026) && i + 1 < to && /\s/.test(text[i + 1] as string)) return true;
  }
  return false;
}

/**
 * Like `splitTokens`, also numbering sentences, so that a keyword phrase is not matched across a
 * sentence end ("...I was charged. Twice the driver called...").
 */
export function splitSentenceTokens(normalized: string): SentenceToken[] {
  const out: SentenceToken[] = [];
  let sentence = 0;
  let end = 0;
  // Positions by indexOf, not matchAll (an array per match): between two tokens there are no
  // letters or digits, so a token's first occurrence after the previous one is where it was found.
  for (const token of splitTokens(normalized)) {
    const start = normalized.indexOf(token, end);
    if (out.length > 0 && isSentenceBreak(normalized, end, start)) sentence++;
    out.push({ token, sentence });
    end = start + token.length;
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
  // Code units suffice: the three scripts counted are all in the Basic Multilingual Plane.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
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

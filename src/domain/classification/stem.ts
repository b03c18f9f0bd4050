/**
 * Word stems, so that "charged"/"charges" and "списали"/"списание"/"водителей" meet the keyword
 * or model term written in one form. Shared by keyword matching (text-match.ts) and model features
 * (features.ts).
 *
 * The language is taken from the word's script, not from the case: keywords of every language are
 * tried on every case, and mixed-language text is common (a Russian case quoting an English app
 * screen). Latin → English (Porter), Cyrillic → Russian (Snowball), from @orama/stemmers, a
 * maintained, dependency-free package. Hebrew has no usable stemmer on npm; its inflection is
 * mostly fused one-letter prefixes, handled by `getHebrewBareForms`, and final letters, already
 * folded by `normalizeText`.
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';

/** Hebrew one-letter proclitics (and, the, in, as, to, from, that) written fused to the next word. */
const HEBREW_PROCLITICS = new Set(['ו', 'ה', 'ב', 'כ', 'ל', 'מ', 'ש']);
const HEBREW_LETTER = /^[\u05d0-\u05ea]/;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN_WORD = /^[a-z][a-z0-9]*$/;

/**
 * Stemming costs microseconds per word and case texts repeat the same few thousand words, so
 * stems are remembered. Bounded: cleared when full, which only costs recomputation.
 */
const MAX_CACHED_STEMS = 50_000;
const stemCache = new Map<string, string>();

function computeStem(token: string): string {
  // Short words and digits stay as written: stemmers mangle codes and abbreviations ("sms", "дтп").
  if (token.length < 4) return token;
  if (CYRILLIC.test(token)) return stemRussian(token);
  if (LATIN_WORD.test(token)) return stemEnglish(token);
  return token;
}

/** The stem of one normalised token (see tokenize.ts); a word of another script is returned as is. */
export function getStem(token: string): string {
  let stem = stemCache.get(token);
  if (stem === undefined) {
    if (stemCache.size >= MAX_CACHED_STEMS) stemCache.clear();
    stem = computeStem(token);
    stemCache.set(token, stem);
  }
  return stem;
}

/**
 * A Hebrew word without up to two fused proclitics ("ובאפליקציה" → "באפליקציה", "אפליקציה"),
 * leaving at least two letters. Empty for other scripts. Which reading is right is unknown
 * ("משטרה" is police, not "from שטרה"), so callers try all forms rather than pick one.
 */
export function getHebrewBareForms(token: string): string[] {
  const forms: string[] = [];
  if (!HEBREW_LETTER.test(token)) return forms;
  let rest = token;
  for (let k = 0; k < 2 && rest.length > 2 && HEBREW_PROCLITICS.has(rest[0] as string); k++) {
    rest = rest.slice(1);
    forms.push(rest);
  }
  return forms;
}

/**
 * Where the terms of one text go while they are cut (term-hash.ts): a bucket and a place per
 * occurrence in typed arrays reused from text to text, and the kinds of term a place can describe.
 */

/** What a term is: a word n-gram, a Hebrew word without its proclitics, or a character n-gram. */
export const TERM_WORD = 0;
export const TERM_BARE = 1;
export const TERM_CHAR = 2;
/** A concept of the lexicon (concept-lexicon.ts) that a word or a pair of words belongs to. */
export const TERM_CONCEPT = 3;
/** Two concepts found in the same text (a conjunction a linear model cannot learn from each alone). */
export const TERM_CONCEPT_PAIR = 4;
export type TermKind = typeof TERM_WORD | typeof TERM_BARE | typeof TERM_CHAR | typeof TERM_CONCEPT | typeof TERM_CONCEPT_PAIR;

/**
 * The term occurrences of one text, in typed arrays reused from text to text (no callback or object
 * per term). Occurrence `k` is bucket `buckets[k]`; where it was found is `places[4k..4k+3]`: kind,
 * then for a word n-gram its first word (in `words`) and length in words; for a bare form the token
 * and the letters left off; for a character n-gram the token, offset and length in the space-padded token.
 */
export class TermBuffer {
  buckets = new Int32Array(1024);
  places = new Int32Array(4 * 1024);
  size = 0;

  push(bucket: number, kind: TermKind, at: number, a: number, b: number): void {
    if (this.size === this.buckets.length) this.grow();
    const k = this.size++;
    this.buckets[k] = bucket;
    const p = this.places;
    p[4 * k] = kind;
    p[4 * k + 1] = at;
    p[4 * k + 2] = a;
    p[4 * k + 3] = b;
  }

  /** `times` occurrences of one term, next to each other (a concept counted as several occurrences). */
  pushRepeated(bucket: number, kind: TermKind, at: number, a: number, b: number, times: number): void {
    for (let r = 0; r < times; r++) this.push(bucket, kind, at, a, b);
  }

  private grow(): void {
    const buckets = new Int32Array(this.buckets.length * 2);
    buckets.set(this.buckets);
    const places = new Int32Array(this.places.length * 2);
    places.set(this.places);
    this.buckets = buckets;
    this.places = places;
  }
}

/**
 * What classification derives from one normalised token, worked out once per distinct token and
 * shared by keyword matching (keyword-match.ts) and model terms (term-hash.ts). Each of them used
 * to look the token up in several maps of its own (stem, Hebrew bare forms, concepts, word forms)
 * and to cut substrings to look up, for every word of every case; case texts repeat the same few
 * thousand words, so one lookup per token now finds all of it.
 */
import { getConceptIndex } from './concept-lexicon.js';
import { getHebrewBareForms, getStem } from './stem.js';

/** Everything derived from one token. Shared between cases: never change it. */
export interface TokenInfo {
  /** The token, then its Hebrew forms without fused proclitics (stem.ts). */
  forms: readonly string[];
  /** The distinct stems of `forms`, the token's own first. */
  stems: readonly string[];
  /** The token's stem (`stems[0]`). */
  stem: string;
  /**
   * The lexicon's concepts of the stem, then of each bare form in turn (repeats kept): the concept
   * terms of the token, in the order term-hash.ts emits them.
   */
  concepts: readonly number[];
  /** Whether the stem starts a two-word lexicon entry (only then is the next word looked at). */
  startsConceptPair: boolean;
  /**
   * The only field that changes: the token's character n-gram features per prepared model
   * (`PreparedModel.id`, a number, so no replaced model is kept alive), kept here so that one
   * lookup per token finds everything. A case is scored by the topic model and the impact model in
   * turn, so a single slot would be overwritten twice per case: up to `CHAR_FEATURE_OWNERS` models
   * keep theirs, the oldest making way for a further one (recomputation only).
   */
  charFeatures: Array<{ owner: number; features: Int32Array }>;
}

const MAX_CACHED_TOKENS = 50_000;
/** How many prepared models' character features one token keeps (TokenInfo.charFeatures). */
export const CHAR_FEATURE_OWNERS = 4;
const known = new Map<string, TokenInfo>();

function describeToken(token: string): TokenInfo {
  const forms = [token, ...getHebrewBareForms(token)];
  const stems = [...new Set(forms.map(getStem))];
  const stem = stems[0] as string;
  const index = getConceptIndex();
  const concepts = [...(index.byKey.get(stem) ?? [])];
  for (let k = 1; k < forms.length; k++) concepts.push(...(index.byKey.get(forms[k] as string) ?? []));
  return { forms, stems, stem, concepts, startsConceptPair: index.pairStarts.has(stem), charFeatures: [] };
}

/** The info of one normalised token (see tokenize.ts). Bounded: cleared when full, which only costs recomputation. */
export function getTokenInfo(token: string): TokenInfo {
  let info = known.get(token);
  if (info === undefined) {
    if (known.size >= MAX_CACHED_TOKENS) known.clear();
    info = describeToken(token);
    known.set(token, info);
  }
  return info;
}

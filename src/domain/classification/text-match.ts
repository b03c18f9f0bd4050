/**
 * The text of a case as every matcher sees it, and case-field conditions. Keyword matching itself
 * is in keyword-match.ts.
 */
import type { CaseWord } from './keyword-match.js';
import { getTokenInfo } from './token-info.js';
import type { TokenInfo } from './token-info.js';
import { normalizeText, splitSentenceTokens } from './tokenize.js';

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

/** Text of a case prepared once for every matcher: NFC original (for regexes), its words and tokens. */
export interface PreparedText {
  raw: string;
  words: CaseWord[];
  /** `splitTokens(normalizeText(text))`: what the model cuts its terms from too. */
  tokens: string[];
  /** `getTokenInfo` of each token, shared by the keyword words and the model's terms. */
  infos: TokenInfo[];
}

export function prepareText(text: string): PreparedText {
  const found = splitSentenceTokens(normalizeText(text));
  const tokens = found.map(({ token }) => token);
  const infos = tokens.map(getTokenInfo);
  const words = found.map(({ sentence }, k): CaseWord => ({ forms: (infos[k] as TokenInfo).forms, stems: (infos[k] as TokenInfo).stems, sentence }));
  return { raw: text.normalize('NFC'), words, tokens, infos };
}

function isSet(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value.trim() !== '';
}

function isSame(value: string | undefined, expected: string): boolean {
  return value === expected.trim().toLowerCase();
}

/** Evaluates one field condition; values compare trimmed and case-insensitively. */
export function isFieldConditionMet(condition: FieldCondition, fields: CaseFieldValues): boolean {
  const raw = fields[condition.field];
  const value = isSet(raw) ? raw.trim().toLowerCase() : undefined;
  if (condition.isSet !== undefined) return condition.isSet === (value !== undefined);
  if (condition.equals !== undefined) return isSame(value, condition.equals);
  if (condition.in !== undefined) return condition.in.some((expected) => isSame(value, expected));
  if (condition.notIn !== undefined) return !condition.notIn.some((expected) => isSame(value, expected));
  return false;
}

/** Renders a condition for reasons, e.g. `Origin in [Driver App, Phone]`. */
export function describeFieldCondition(condition: FieldCondition): string {
  if (condition.isSet !== undefined) return `${condition.field} ${condition.isSet ? 'is set' : 'is empty'}`;
  if (condition.equals !== undefined) return `${condition.field} = ${condition.equals}`;
  if (condition.in !== undefined) return `${condition.field} in [${condition.in.join(', ')}]`;
  return `${condition.field} not in [${(condition.notIn ?? []).join(', ')}]`;
}

/**
 * Turns the classification config into matchers ready to run: every topic rule and impact signal
 * becomes one matcher; all their keywords go into one shared index. Compiled once per config
 * object (cached), so `classifyCase` stays a pure function of its arguments yet runs fast.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { buildKeywordIndex, findKeywordHits } from './keyword-match.js';
import type { PhraseMatching } from './keyword-match.js';
import type { KeywordIndex } from './keyword-match.js';
import { describeFieldCondition, isFieldConditionMet } from './text-match.js';
import type { CaseFieldValues, FieldCondition, PreparedText } from './text-match.js';

/** One topic rule or signal, ready to evaluate. */
export interface CompiledMatcher {
  /** `topic/rule` for topic rules, `signal:id` for signals; used in reasons. */
  ref: string;
  hasTextCondition: boolean;
  patterns: Array<{ source: string; regex: RegExp }>;
  fields: FieldCondition[];
}

/** What made a matcher match, for the reasons of a result. */
export interface MatcherHit {
  keywords: string[];
  patterns: string[];
  fields: string[];
}

export interface CompiledRules {
  matchers: CompiledMatcher[];
  keywordIndex: KeywordIndex;
  /** For each topic (config order): its rules as matcher indexes with weights. */
  topicRules: Array<Array<{ matcher: number; weight: number }>>;
  /** For each signal (config order): its matcher index. */
  signalMatchers: number[];
}

interface MatcherSource {
  keywords?: Record<string, string[]> | undefined;
  patterns?: string[] | undefined;
  fields?: FieldCondition[] | undefined;
}

const cache = new WeakMap<ClassificationConfig, CompiledRules>();

export function compileRules(config: ClassificationConfig): CompiledRules {
  const cached = cache.get(config);
  if (cached) return cached;
  const matchers: CompiledMatcher[] = [];
  const keywordEntries: Array<{ owner: number; keyword: string; matching?: PhraseMatching }> = [];
  const addMatcher = (ref: string, source: MatcherSource, matching?: PhraseMatching): number => {
    const owner = matchers.length;
    for (const list of Object.values(source.keywords ?? {})) for (const keyword of list) keywordEntries.push({ owner, keyword, matching });
    matchers.push({
      ref,
      hasTextCondition: source.keywords !== undefined || source.patterns !== undefined,
      // The config check has already refused invalid regexes; 'u' makes \w and classes Unicode-aware.
      patterns: (source.patterns ?? []).map((p) => ({ source: p, regex: new RegExp(p, 'iu') })),
      fields: source.fields ?? [],
    });
    return owner;
  };
  const topicRules = config.topics.map((topic) => topic.rules.map((rule) => ({ matcher: addMatcher(`${topic.id}/${rule.id}`, rule), weight: rule.weight })));
  // Signals decide P1: their phrases may have a window of their own (`priority.phraseMatching`).
  const signalMatchers = config.priority.signals.map((s) => addMatcher(`signal:${s.id}`, s, config.priority.phraseMatching));
  const compiled: CompiledRules = { matchers, keywordIndex: buildKeywordIndex(keywordEntries, config.phraseMatching), topicRules, signalMatchers };
  cache.set(config, compiled);
  return compiled;
}

/** Evaluates every matcher on one case; `hits[i]` is null when matcher i did not match. */
export function runMatchers(rules: CompiledRules, text: PreparedText, fields: CaseFieldValues): Array<MatcherHit | null> {
  const keywordHits = findKeywordHits(rules.keywordIndex, text.words);
  const hits: Array<MatcherHit | null> = [];
  for (let i = 0; i < rules.matchers.length; i++) {
    const matcher = rules.matchers[i] as CompiledMatcher;
    // Allocation-free for the usual matcher that does not match: this runs for every matcher of every case.
    let hit: MatcherHit | null = null;
    if (matcher.fields.every((condition) => isFieldConditionMet(condition, fields))) {
      const keywords = keywordHits.get(i);
      const patterns = matcher.patterns.length === 0 ? [] : matcher.patterns.filter((p) => p.regex.test(text.raw)).map((p) => p.source);
      if (!matcher.hasTextCondition || keywords !== undefined || patterns.length > 0) hit = { keywords: keywords ?? [], patterns, fields: matcher.fields.map(describeFieldCondition) };
    }
    hits.push(hit);
  }
  return hits;
}

/** One line saying why a matcher matched, e.g. `keywords "cannot log in"; Origin = Web`. */
export function describeHit(hit: MatcherHit): string {
  const parts: string[] = [];
  if (hit.keywords.length > 0) parts.push(`keywords ${hit.keywords.map((k) => JSON.stringify(k)).join(', ')}`);
  if (hit.patterns.length > 0) parts.push(`patterns ${hit.patterns.map((p) => `/${p}/`).join(', ')}`);
  if (hit.fields.length > 0) parts.push(hit.fields.join(', '));
  return parts.join('; ');
}

/**
 * Cross-field checks of `classification.yaml` that its schema (classification.ts) cannot make:
 * ids unique and known, regexes valid, keywords that can match, no unreachable priority rules.
 */
import type { ConfigIssue } from '../issues.js';
import type { ClassificationConfig } from './classification.js';

function checkPatterns(patterns: readonly string[] | undefined, path: Array<string | number>, issues: ConfigIssue[]): void {
  patterns?.forEach((pattern, k) => {
    try {
      new RegExp(pattern, 'iu');
    } catch (error) {
      // V8 says "Invalid regular expression: /<the pattern>/iu: <reason>"; the path already names the pattern.
      const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      issues.push({ path: [...path, 'patterns', k], message: `invalid regular expression: ${reason} (patterns are JavaScript regular expressions)` });
    }
  });
}

function checkKeywords(words: Record<string, string[]> | undefined, path: Array<string | number>, issues: ConfigIssue[]): void {
  for (const [language, list] of Object.entries(words ?? {})) {
    list.forEach((word, k) => {
      if (!/[\p{L}\p{N}]/u.test(word)) issues.push({ path: [...path, 'keywords', language, k], message: `keyword "${word}" has no letters or digits, so it can never match` });
    });
  }
}

function findDuplicates(ids: readonly string[]): Map<number, string> {
  const seen = new Set<string>();
  const duplicates = new Map<number, string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) duplicates.set(index, id);
    seen.add(id);
  });
  return duplicates;
}

/** Cross-field checks: ids unique and known, regexes valid, no unreachable priority rules. */
export function checkClassification(config: ClassificationConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const topicIds = new Set(config.topics.map((t) => t.id));
  // A typo'd id is found faster next to the ids there are (as the tier check lists the tiers).
  const unknownTopic = (id: string): string => `unknown topic "${id}" (not in topics: ${[...topicIds].join(', ')})`;
  for (const [index, id] of findDuplicates(config.topics.map((t) => t.id))) issues.push({ path: ['topics', index, 'id'], message: `duplicate topic "${id}"` });
  if (!topicIds.has(config.fallbackTopic)) issues.push({ path: ['fallbackTopic'], message: unknownTopic(config.fallbackTopic) });
  config.topics.forEach((topic, t) => {
    for (const [index, id] of findDuplicates(topic.rules.map((r) => r.id))) issues.push({ path: ['topics', t, 'rules', index, 'id'], message: `duplicate rule id "${id}" in topic ${topic.id}` });
    topic.rules.forEach((rule, r) => {
      checkPatterns(rule.patterns, ['topics', t, 'rules', r], issues);
      checkKeywords(rule.keywords, ['topics', t, 'rules', r], issues);
    });
  });
  const { signals, rules, tiers } = config.priority;
  const signalIds = new Set(signals.map((s) => s.id));
  const tierSet = new Set(tiers.map((tier) => tier.toLowerCase()));
  for (const [index, id] of findDuplicates(signals.map((s) => s.id))) issues.push({ path: ['priority', 'signals', index, 'id'], message: `duplicate signal "${id}"` });
  signals.forEach((s, k) => {
    checkPatterns(s.patterns, ['priority', 'signals', k], issues);
    checkKeywords(s.keywords, ['priority', 'signals', k], issues);
  });
  for (const [index, id] of findDuplicates(rules.map((r) => r.id))) issues.push({ path: ['priority', 'rules', index, 'id'], message: `duplicate priority rule "${id}"` });
  let catchAll: string | undefined;
  rules.forEach((rule, r) => {
    const path = ['priority', 'rules', r];
    if (catchAll !== undefined) issues.push({ path, message: `unreachable: rule "${catchAll}" before it has no conditions and always matches` });
    rule.topics?.forEach((id, k) => {
      if (!topicIds.has(id)) issues.push({ path: [...path, 'topics', k], message: unknownTopic(id) });
    });
    rule.tiers?.forEach((tier, k) => {
      if (!tierSet.has(tier.toLowerCase())) issues.push({ path: [...path, 'tiers', k], message: `unknown tier "${tier}" (not in priority.tiers: ${tiers.join(', ')})` });
    });
    for (const key of ['signals', 'allSignals'] as const) {
      rule[key]?.forEach((id, k) => {
        if (!signalIds.has(id)) issues.push({ path: [...path, key, k], message: `unknown signal "${id}" (not in priority.signals: ${[...signalIds].join(', ')})` });
      });
    }
    if (catchAll === undefined && !rule.topics && !rule.tiers && !rule.signals && !rule.allSignals && !rule.fields) catchAll = rule.id;
  });
  return issues;
}

/**
 * Priority from topic × customer tier × impact signals: the first configured rule whose every
 * condition holds decides (rule order is the precedence); otherwise the configured default.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { isFieldConditionMet } from './text-match.js';
import type { CaseFieldValues } from './text-match.js';

/** Case priority values. */
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

/** Which rule decided, or that none did. */
export interface PriorityDecision {
  priority: Priority;
  /** Id of the deciding rule; undefined when the default applied. */
  ruleId: string | undefined;
  /** The deciding rule's signals that were found (empty for a rule without signals). */
  firedSignals: string[];
}

export function choosePriority(config: ClassificationConfig, topic: string, signals: ReadonlySet<string>, fields: CaseFieldValues): PriorityDecision {
  const { priority } = config;
  const tier = (fields[priority.tierField] ?? '').trim().toLowerCase();
  for (const rule of priority.rules) {
    if (rule.topics && !rule.topics.includes(topic)) continue;
    if (rule.tiers && !rule.tiers.some((t) => t.toLowerCase() === tier)) continue;
    if (rule.signals && !rule.signals.some((s) => signals.has(s))) continue;
    if (rule.allSignals && !rule.allSignals.every((s) => signals.has(s))) continue;
    if (rule.fields && !rule.fields.every((c) => isFieldConditionMet(c, fields))) continue;
    const named = [...(rule.signals ?? []), ...(rule.allSignals ?? [])];
    return { priority: rule.priority, ruleId: rule.id, firedSignals: [...new Set(named)].filter((s) => signals.has(s)) };
  }
  return { priority: priority.default, ruleId: undefined, firedSignals: [] };
}

/** Describes a rule's conditions for reasons, e.g. `tier in [VIP] and signal in [outage]`. */
export function describePriorityRule(config: ClassificationConfig, ruleId: string): string {
  const rule = config.priority.rules.find((r) => r.id === ruleId);
  if (!rule) return ruleId;
  const parts: string[] = [];
  if (rule.topics) parts.push(`topic in [${rule.topics.join(', ')}]`);
  if (rule.tiers) parts.push(`tier in [${rule.tiers.join(', ')}]`);
  if (rule.signals) parts.push(`signal in [${rule.signals.join(', ')}]`);
  if (rule.allSignals) parts.push(`all signals of [${rule.allSignals.join(', ')}]`);
  if (rule.fields) parts.push(rule.fields.map((f) => f.field).join(', ') + ' conditions');
  return parts.length > 0 ? parts.join(' and ') : 'always';
}

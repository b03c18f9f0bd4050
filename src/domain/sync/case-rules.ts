/** Evaluates the `mirror.when` style rules of sync.yaml against a case's fields. */
import type { SyncConfig } from '../../config/schemas/sync.js';

export type CaseRule = SyncConfig['mirror']['when'];
type FieldCondition = NonNullable<CaseRule['all']>[number];

export function matchesCaseRule(rule: CaseRule, fields: Readonly<Record<string, unknown>>): boolean {
  const all = rule.all ?? [];
  const any = rule.any ?? [];
  if (!all.every((c) => matchesCondition(c, fields))) return false;
  return any.length === 0 || any.some((c) => matchesCondition(c, fields));
}

function matchesCondition(condition: FieldCondition, fields: Readonly<Record<string, unknown>>): boolean {
  const value = normalise(fields[condition.field]);
  if (condition.isSet !== undefined) return condition.isSet === (value !== null);
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.in) return condition.in.includes(value as never);
  if (condition.notIn) return !condition.notIn.includes(value as never);
  return false;
}

/** Salesforce returns absent, null and '' for an empty field depending on type; treat them alike. */
function normalise(value: unknown): unknown {
  return value === undefined || value === '' ? null : value;
}

/** Fields a rule reads (the sync asks Salesforce for them). */
export function fieldsOfRule(rule: CaseRule | undefined): string[] {
  if (!rule) return [];
  return [...(rule.all ?? []), ...(rule.any ?? [])].map((c) => c.field);
}

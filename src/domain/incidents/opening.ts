/**
 * When cases open an incident: a case of an opening priority on a service (unless its topic is
 * excluded), or a burst of new cases on one service within the configured window.
 */
import type { IncidentsConfig } from '../../config/schemas/incidents.js';

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export interface OpeningInput {
  priority: string | null;
  topic: string | null;
  /** New cases on the case's service within the burst window, this one included. */
  recentCaseCount: number;
}

export type OpeningDecision = { open: false } | { open: true; reason: 'priority' | 'burst'; severity: Severity };

export function decideOpening(opening: IncidentsConfig['opening'], input: OpeningInput): OpeningDecision {
  const byPriority = input.priority !== null && opening.priorities.includes(input.priority) && !(input.topic !== null && opening.priorityExcludedTopics.includes(input.topic));
  if (byPriority) return { open: true, reason: 'priority', severity: opening.severityByPriority[input.priority!] ?? 'SEV1' };
  if (input.recentCaseCount >= opening.burst.cases) return { open: true, reason: 'burst', severity: opening.burstSeverity };
  return { open: false };
}

/** The more severe of two severities (SEV1 is the most severe). */
export function pickHigherSeverity(a: Severity, b: Severity): Severity {
  return a <= b ? a : b;
}

/** Distinct corporate accounts among linked cases: what the incident's "corporate accounts affected" counts. */
export function countCorporateAccounts(members: ReadonlyArray<{ accountId: string | null; tier: string | null }>, corporateTiers: readonly string[]): number {
  const tiers = new Set(corporateTiers.map((t) => t.toLowerCase()));
  return new Set(members.filter((m) => m.accountId && m.tier && tiers.has(m.tier.toLowerCase())).map((m) => m.accountId)).size;
}

/**
 * `--faults realistic`: the sandbox's realistic fault profile (Jira search 2 s behind writes, 40 %
 * of bulk creates refused with 429, 5 % of collection records UNABLE_TO_LOCK_ROW) on top of the
 * per-call latency, and what the run must show afterwards: no duplicate, every case converged.
 */
import { REALISTIC_FAULTS, faultConfigSchema } from '../../src/sandbox/controls/faults.js';
import type { FaultConfig } from '../../src/sandbox/controls/faults.js';
import type { SyncConfig } from '../../src/config/schemas/sync.js';
import { summarizeCensus, takeCensus } from '../../test/helpers/sync-census.js';
import type { SyncRig } from './rig.js';
import { waitForIdleQueues } from './rig.js';

export type FaultProfile = 'none' | 'realistic';

/** The fault config of a profile with `latencyMs` added to every call of both systems. */
export function faultConfigFor(profile: FaultProfile, latencyMs: number): FaultConfig {
  const latency = faultConfigSchema.parse({ rules: (['salesforce', 'jira'] as const).map((system) => ({ system, latencyMs })) }).rules;
  if (profile === 'none') return faultConfigSchema.parse({ rules: latency });
  // Latency first: a refused call waits like any other before it is refused.
  return { ...REALISTIC_FAULTS, rules: [...latency, ...REALISTIC_FAULTS.rules] };
}

export async function applyFaults(rig: SyncRig, config: unknown): Promise<void> {
  const response = await fetch(`${rig.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  if (!response.ok) throw new Error(`sandbox refused the fault config: ${response.status} ${await response.text()}`);
}

/** Every case shows a Jira key and no job is waiting (deferred ones included): the mirror has converged. */
export async function isMirrorConverged(rig: SyncRig, caseIds: readonly string[]): Promise<boolean> {
  const store = rig.sandbox.salesforce.store;
  if (!caseIds.every((id) => typeof store.get('Case', id)?.Jira_Key__c === 'string')) return false;
  return waitForIdleQueues(rig, 0);
}

/** Duplicates and divergence at the end, read with the faults off (the index caught up). */
export async function checkExactlyOnce(rig: SyncRig, sync: SyncConfig) {
  await applyFaults(rig, { seed: 1 });
  const census = await takeCensus({ baseUrl: rig.running.url, store: rig.sandbox.salesforce.store, statusDisplay: sync.statusMap.toSalesforce });
  const figures = summarizeCensus(census);
  return {
    duplicates: figures.extraIssues + figures.duplicateIncidentIssues + figures.duplicateCommentsInJira + figures.duplicateCommentsOnCases,
    ...figures,
    examples: { duplicateIssues: census.duplicateIssues.slice(0, 3), fieldMismatches: census.fieldMismatches.slice(0, 3), casesWithoutIssue: census.casesWithoutIssue.slice(0, 5) },
  };
}

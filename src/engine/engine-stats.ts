/** What a sync engine has done since it started (for tests, benches and `sync --once`), and the write counters in /metrics. */
import { syncWrites } from '../metrics.js';
import type { SyncOutcome } from './sync-cases.js';

export interface EngineStats {
  jobsProcessed: number;
  batches: number;
  created: number;
  caseUpdates: number;
  issueUpdates: number;
  transitions: number;
  commentsToJira: number;
  commentsToSalesforce: number;
  deadLettered: number;
  /** Jobs put back because an API limit refused them (not counted as attempts). */
  deferredForLimits: number;
}

export function emptyEngineStats(): EngineStats {
  return { jobsProcessed: 0, batches: 0, created: 0, caseUpdates: 0, issueUpdates: 0, transitions: 0, commentsToJira: 0, commentsToSalesforce: 0, deadLettered: 0, deferredForLimits: 0 };
}

/** Adds one batch of `jobs` jobs and its pass's writes; returns how many writes the pass made. */
export function addBatchOutcome(stats: EngineStats, jobs: number, outcome: SyncOutcome): number {
  stats.jobsProcessed += jobs;
  stats.batches++;
  stats.created += outcome.created;
  stats.caseUpdates += outcome.caseUpdates;
  stats.issueUpdates += outcome.issueUpdates;
  stats.transitions += outcome.transitions;
  stats.commentsToJira += outcome.commentsToJira;
  stats.commentsToSalesforce += outcome.commentsToSalesforce;
  syncWrites.inc({ system: 'jira', kind: 'create' }, outcome.created);
  syncWrites.inc({ system: 'jira', kind: 'update' }, outcome.issueUpdates);
  syncWrites.inc({ system: 'jira', kind: 'transition' }, outcome.transitions);
  syncWrites.inc({ system: 'jira', kind: 'comment' }, outcome.commentsToJira);
  syncWrites.inc({ system: 'salesforce', kind: 'update' }, outcome.caseUpdates);
  syncWrites.inc({ system: 'salesforce', kind: 'comment' }, outcome.commentsToSalesforce);
  return outcome.created + outcome.caseUpdates + outcome.issueUpdates + outcome.transitions + outcome.commentsToJira + outcome.commentsToSalesforce;
}

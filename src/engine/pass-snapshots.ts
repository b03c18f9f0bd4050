/**
 * What a sync pass records as now in sync: the next snapshots of every pair whose writes all
 * succeeded (a pair whose writes failed keeps its old snapshots and is retried), our own case writes
 * by fingerprint, and the issues read here and not written since by their updated instant, so the
 * feeds skip what this pass already covered.
 */
import type { PairPlan } from '../domain/sync/plan-pair.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import { JIRA_SEEN_SNAPSHOT } from './feeds/jira-poll.js';
import { pairObjectId } from './plan-pairs.js';
import type { PlannedPair } from './plan-pairs.js';

export function passSnapshots(plans: readonly PlannedPair[], succeeded: ReadonlySet<PairPlan>, ownWrites: readonly Snapshot[]): Snapshot[] {
  const snapshots: Snapshot[] = [];
  for (const plan of succeeded) {
    for (const [field, value] of plan.nextSnapshots.salesforce)
      snapshots.push({ system: 'salesforce', objectId: plan.caseId, field, value, sourceUpdatedAt: null, writtenByUs: field in plan.caseUpdates });
    for (const [field, value] of plan.nextSnapshots.jira)
      snapshots.push({ system: 'jira', objectId: pairObjectId(plan.issueKey, plan.caseId), field, value, sourceUpdatedAt: null, writtenByUs: field in plan.issueUpdates });
  }
  snapshots.push(...ownWrites);
  const writtenIssues = new Set(plans.filter(({ plan }) => Object.keys(plan.issueUpdates).length > 0 || plan.transitionTo !== undefined).map(({ issue }) => issue.key));
  for (const { issue } of plans) {
    if (!writtenIssues.has(issue.key))
      snapshots.push({ system: 'jira', objectId: issue.key, field: JIRA_SEEN_SNAPSHOT, value: issue.updated, sourceUpdatedAt: new Date(issue.updated), writtenByUs: false });
  }
  return dedupeSnapshots(snapshots);
}

/** One snapshot per key (the last wins): a multi-row upsert may not touch a row twice. */
function dedupeSnapshots(snapshots: readonly Snapshot[]): Snapshot[] {
  return [...new Map(snapshots.map((s) => [`${s.system}|${s.objectId}|${s.field}`, s])).values()];
}

/**
 * The planning step of a sync pass: every linked pair (case, issue) is planned against its last-synced
 * snapshots, and pairs whose issue this pass moved are planned again against the moved issue.
 */
import type { CaseRecord, IssueRecord } from '../domain/sync/records.js';
import { planPair } from '../domain/sync/plan-pair.js';
import type { PairPlan, PairSnapshots } from '../domain/sync/plan-pair.js';
import type { Link, LinkOrigin } from '../adapters/store/links.js';
import { getSnapshots } from '../adapters/store/snapshots.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import type { EngineContext } from './context.js';
import type { Problem } from './problems.js';

/** A linked pair of the pass, its plan, and the snapshots it was planned against. */
export interface PlannedPair {
  plan: PairPlan;
  record: CaseRecord;
  issue: IssueRecord;
  origin: LinkOrigin;
  snapshots: PairSnapshots;
}

/** Pair snapshots of the Jira side are kept per case: many cases may share one issue. */
export const pairObjectId = (issueKey: string, caseId: string) => `${issueKey}@${caseId}`;

interface PlanInput {
  links: readonly Link[];
  caseById: ReadonlyMap<string, CaseRecord>;
  issueByKey: ReadonlyMap<string, IssueRecord>;
  caseSnapshots: Map<string, Map<string, Snapshot>>;
  /** Cases whose issue this pass created: the search index may not show it yet. */
  createdNow: ReadonlySet<string>;
}

/** Plans every linked pair whose case and issue were read; a linked issue that vanished is a problem. */
export async function planLinkedPairs(ctx: EngineContext, input: PlanInput, problems: Problem[]): Promise<PlannedPair[]> {
  const jiraSnapshots = await getSnapshots(
    ctx.db,
    'jira',
    input.links.map((l) => pairObjectId(l.issueKey!, l.caseId)),
  );
  const plans: PlannedPair[] = [];
  for (const link of input.links) {
    const record = input.caseById.get(link.caseId);
    const issue = input.issueByKey.get(link.issueKey!);
    if (!record) continue;
    if (!issue) {
      // Jira's search index may not show an issue created a moment ago; the next pass will.
      if (input.createdNow.has(link.caseId)) continue;
      problems.push({ caseId: link.caseId, code: 'ISSUE_NOT_FOUND', message: `linked issue ${link.issueKey} no longer exists or is not visible` });
      continue;
    }
    const snapshots = {
      salesforce: valuesOf(input.caseSnapshots.get(record.id)),
      jira: valuesOf(jiraSnapshots.get(pairObjectId(issue.key, record.id))),
    };
    const plan = planPair(ctx.config, { case: record, issue, origin: link.origin, snapshots });
    plans.push({ plan, record, issue, origin: link.origin, snapshots });
    problems.push(...plan.problems.map((p) => ({ caseId: record.id, code: p.code, message: p.message })));
  }
  return plans;
}

/**
 * A transition changes what every case of the issue should show, and our own webhook for it is
 * dropped as an echo: re-read the moved issues once and re-plan their pairs, so this pass's case
 * write already carries the new status. A re-plan that would write to Jira again is not used.
 */
export async function replanMovedIssues(ctx: EngineContext, plans: PlannedPair[], succeeded: Set<PairPlan>): Promise<void> {
  const movedKeys = [...new Set(plans.filter(({ plan }) => plan.transitionTo !== undefined && succeeded.has(plan)).map(({ issue }) => issue.key))];
  if (movedKeys.length === 0) return;
  // Read consistently (the moved issues' ids are known): a lagging index would show the old status.
  const ids = new Map(plans.filter(({ issue }) => movedKeys.includes(issue.key)).map(({ issue }) => [issue.key, issue.id]));
  const fresh = await ctx.issues.getIssues(movedKeys, { knownIds: ids });
  const freshByKey = new Map(fresh.map((i) => [i.key, i]));
  for (const entry of plans) {
    const issue = freshByKey.get(entry.issue.key);
    if (!issue || !succeeded.has(entry.plan)) continue;
    const replanned = planPair(ctx.config, { case: entry.record, issue, origin: entry.origin, snapshots: entry.snapshots });
    if (replanned.transitionTo !== undefined || Object.keys(replanned.issueUpdates).length > 0) continue;
    succeeded.delete(entry.plan);
    succeeded.add(replanned);
    entry.plan = replanned;
    entry.issue = issue;
  }
}

function valuesOf(snapshots: Map<string, Snapshot> | undefined): Map<string, unknown> {
  return new Map([...(snapshots ?? new Map<string, Snapshot>()).entries()].map(([field, s]) => [field, s.value]));
}

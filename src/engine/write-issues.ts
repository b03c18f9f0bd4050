/**
 * The Jira writes of a sync pass, issue by issue: each pair's field edits, then its transition, and
 * an audit entry for each write and each field both sides changed. A pair counts as written only
 * when all its Jira writes were; an edit kept for later takes its transition with it.
 */
import type { PairPlan } from '../domain/sync/plan-pair.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import { toJiraRestFields } from './jira-fields.js';
import { transitionToStatus } from './transitions.js';
import type { PlannedPair } from './plan-pairs.js';
import { keepForLater, pickValues } from './sync-outcome.js';
import type { PassMeta, SyncOutcome } from './sync-outcome.js';

/** Writes every pair's Jira side; returns the plans whose Jira writes all succeeded. */
export async function writeIssues(ctx: EngineContext, plans: readonly PlannedPair[], outcome: SyncOutcome, audit: AuditEntry[], meta: PassMeta): Promise<Set<PairPlan>> {
  const succeeded = new Set<PairPlan>();
  for (const { plan, issue } of plans) {
    let ok = true;
    let editKeptForLater = false;
    if (Object.keys(plan.issueUpdates).length > 0) {
      const result = await ctx.issues.updateIssue(issue.key, toJiraRestFields(plan.issueUpdates));
      if (!result.ok && result.error.disposition === 'refusedForNow') {
        ok = false;
        editKeptForLater = true;
        keepForLater(outcome, plan.caseId, result.error);
      } else if (result.ok) {
        outcome.issueUpdates++;
        audit.push({ system: 'jira', objectType: 'issue', objectId: issue.key, action: 'update', before: pickValues(issue, plan.issueUpdates), after: plan.issueUpdates, ...meta });
      } else {
        ok = false;
        outcome.problems.push({ caseId: plan.caseId, code: result.error.code, message: `editing ${issue.key}: ${result.error.message}` });
      }
    }
    if (plan.transitionTo) {
      const moved = editKeptForLater ? undefined : await transitionToStatus(ctx.issues, issue, plan.transitionTo, ctx.workflows);
      if (!moved) {
        // The edit was kept for later: so is the move, in the same later pass.
      } else if (!moved.ok && moved.code === 'REFUSED_FOR_NOW') {
        ok = false;
        keepForLater(outcome, plan.caseId, moved);
      } else if (moved.ok) {
        outcome.transitions++;
        audit.push({
          system: 'jira',
          objectType: 'issue',
          objectId: issue.key,
          action: 'transition',
          before: { status: issue.status },
          after: { status: plan.transitionTo, steps: moved.steps },
          ...meta,
        });
      } else {
        ok = false;
        outcome.problems.push({ caseId: plan.caseId, code: moved.code, message: `moving ${issue.key} to "${plan.transitionTo}": ${moved.message}` });
      }
    }
    audit.push(...overwriteAudit(plan, meta));
    if (ok) succeeded.add(plan);
  }
  return succeeded;
}

/** One audit entry per field both sides changed: which value was kept, which overwritten. */
function overwriteAudit(plan: PairPlan, meta: PassMeta): AuditEntry[] {
  return plan.overwrites.map((overwrite) => ({
    system: 'casebridge',
    objectType: 'conflict',
    objectId: plan.caseId,
    action: 'overwrite',
    before: { [overwrite.field]: overwrite.overwrittenValue },
    after: { [overwrite.field]: overwrite.keptValue, winner: overwrite.winner },
    ...meta,
    note: `both sides changed ${overwrite.field}; the later change (${overwrite.winner}) won`,
  }));
}

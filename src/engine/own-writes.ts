/**
 * casebridge's own writes must not cost another pass. A pass writes cases and issues, and so do its
 * extensions afterwards (the SLA fields on the case and the issue, incident fan-out); each write
 * moves the record's SystemModstamp / `updated`, which the next poll would take for a change.
 *
 * So the pass runs on ports that note every successful write, and at its very end:
 *  - each case it wrote gets the fingerprint of its synced fields as they now are (every write of
 *    the pass and of its extensions included): the Salesforce poll recognises it;
 *  - each issue it wrote is read once more, and its pairs planned again against what Jira now
 *    holds. When that plans nothing but `Jira_Last_Updated__c` (an instant our own write moved),
 *    the issue's new `updated` is recorded as seen: the Jira poll skips it. Anything else is left
 *    for the poll, which queues it as usual: a change the plan shows, and any change by someone
 *    else (changelog or comment) after the pass read the issue. A person's comment or unmapped
 *    edit plans nothing here, yet taking it for our echo would lose the comment and leave
 *    `Jira_Last_Updated__c` older than that change.
 */
import type { CaseRecord, IssueRecord } from '../domain/sync/records.js';
import { planPair } from '../domain/sync/plan-pair.js';
import type { PairPlan } from '../domain/sync/plan-pair.js';
import type { LinkOrigin } from '../adapters/store/links.js';
import { upsertSnapshots } from '../adapters/store/snapshots.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import type { EngineContext } from './context.js';
import type { CaseSystem, IssueSystem } from './ports.js';
import { fingerprintFields } from './read-fields.js';
import { JIRA_SEEN_SNAPSHOT } from './feeds/jira-poll.js';
import { OWN_WRITE_SNAPSHOT } from './feeds/salesforce-poll.js';

/** What was written through the tracked ports. */
export interface OwnWriteLog {
  /** Case id → the fields written to it, later writes over earlier ones. */
  cases: Map<string, Record<string, unknown>>;
  /** Issues edited, transitioned or commented on. */
  issues: Set<string>;
}

/** The same context whose Salesforce and Jira ports note each successful write in `log`. */
export function trackOwnWrites(ctx: EngineContext): { ctx: EngineContext; log: OwnWriteLog } {
  const log: OwnWriteLog = { cases: new Map(), issues: new Set() };
  const cases: CaseSystem = Object.assign(Object.create(ctx.cases) as CaseSystem, {
    updateCases: async (updates: Parameters<CaseSystem['updateCases']>[0]) => {
      const outcomes = await ctx.cases.updateCases(updates);
      updates.forEach((update, index) => {
        if (outcomes[index]?.ok) log.cases.set(update.id, { ...log.cases.get(update.id), ...update.fields });
      });
      return outcomes;
    },
  });
  const noteIssue =
    <A extends [string, ...unknown[]], R extends { ok: boolean }>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const outcome = await write(...args);
      if (outcome.ok) log.issues.add(args[0]);
      return outcome;
    };
  const issues: IssueSystem = Object.assign(Object.create(ctx.issues) as IssueSystem, {
    updateIssue: noteIssue((key: string, fields: Record<string, unknown>) => ctx.issues.updateIssue(key, fields)),
    transitionIssue: noteIssue((key: string, transitionId: string) => ctx.issues.transitionIssue(key, transitionId)),
    addComment: noteIssue((key: string, body: string, properties: Record<string, unknown>) => ctx.issues.addComment(key, body, properties)),
  });
  return { ctx: { ...ctx, cases, issues }, log };
}

export interface PassPair {
  plan: PairPlan;
  record: CaseRecord;
  issue: IssueRecord;
  origin: LinkOrigin;
}

/**
 * Records the pass's own writes so that the feeds skip them (see the file comment).
 * @param caseFields each case's fields as the pass read them (classification applied).
 */
export async function settleOwnWrites(
  ctx: EngineContext,
  input: {
    log: OwnWriteLog;
    pairs: readonly PassPair[];
    succeeded: ReadonlySet<PairPlan>;
    caseFields: ReadonlyMap<string, Record<string, unknown>>;
    passFields: readonly string[];
    pairObjectId: (issueKey: string, caseId: string) => string;
  },
): Promise<void> {
  const { log, pairs, succeeded } = input;
  const now = (caseId: string) => ({ ...input.caseFields.get(caseId), ...log.cases.get(caseId) });
  const snapshots: Snapshot[] = [...log.cases.keys()].map((caseId) => ({
    system: 'salesforce',
    objectId: caseId,
    field: OWN_WRITE_SNAPSHOT,
    value: fingerprintFields(now(caseId), input.passFields),
    sourceUpdatedAt: null,
    writtenByUs: true,
  }));

  const written = [...new Set(pairs.map((p) => p.issue.key).filter((key) => log.issues.has(key)))];
  if (written.length > 0) {
    // Read consistently (reconciled by id): an index showing the issue as it was before our write
    // would only keep it from settling here, so the poll queues it as before (never the reverse).
    const ids = new Map(pairs.map((p) => [p.issue.key, p.issue.id]));
    const fresh = await ctx.issues.getIssues(written, { knownIds: new Map(written.map((key) => [key, ids.get(key)!])), withChanges: true });
    const ourAccountId = await ctx.issues.getIntegrationAccountId();
    const instantMappings = ctx.config.fields.filter((f) => f.jira === 'updated' && f.direction === 'toSalesforce');
    const ownInstants = new Set(instantMappings.map((f) => f.salesforce));
    for (const issue of fresh) {
      const ofIssue = pairs.filter((p) => p.issue.key === issue.key);
      const settled = ofIssue.every((p) => {
        if (!succeeded.has(p.plan) || changedByOthersSince(issue, p.issue.updated, ourAccountId)) return false;
        const again = planPair(ctx.config, { case: { ...p.record, fields: now(p.record.id) }, issue, origin: p.origin, snapshots: p.plan.nextSnapshots });
        return again.transitionTo === undefined && Object.keys(again.issueUpdates).length === 0 && Object.keys(again.caseUpdates).every((field) => ownInstants.has(field));
      });
      if (!settled) continue;
      snapshots.push({ system: 'jira', objectId: issue.key, field: JIRA_SEEN_SNAPSHOT, value: issue.updated, sourceUpdatedAt: new Date(issue.updated), writtenByUs: true });
      // The instant our write moved is left as the case shows it: the planner keeps a difference neither side moved.
      for (const p of ofIssue) {
        for (const mapping of instantMappings)
          snapshots.push({ system: 'jira', objectId: input.pairObjectId(issue.key, p.record.id), field: mapping.jira, value: issue.updated, sourceUpdatedAt: null, writtenByUs: true });
      }
    }
  }
  if (snapshots.length > 0) await upsertSnapshots(ctx.db, snapshots);
}

/**
 * Someone other than casebridge changed the issue after `since` (the pass's read), by its changelog
 * or comments. A re-read without them (an adapter that cannot tell) counts as changed: the poll
 * then queues the issue once more, which costs a pass but loses nothing.
 */
function changedByOthersSince(issue: IssueRecord, since: string, ourAccountId: string): boolean {
  if (!issue.changes || !issue.comments) return true;
  const sinceMs = Date.parse(since);
  const entries = [...issue.changes, ...issue.comments];
  return entries.some((entry) => entry.authorAccountId !== ourAccountId && !(Date.parse(entry.created) <= sinceMs));
}

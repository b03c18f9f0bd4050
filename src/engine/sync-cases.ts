/**
 * One sync pass over a batch of cases: read both sides in bulk, decide creates and links, plan
 * every pair, write the differences in batches, then record snapshots and the audit log.
 * State-based: it reads the current values rather than trusting the event that triggered it,
 * so duplicated, reordered or late events all converge on the latest state.
 */
import { randomUUID } from 'node:crypto';
import type { CaseRecord, IssueRecord } from '../domain/sync/records.js';
import { decideCase } from '../domain/sync/plan-case.js';
import type { CaseDecision } from '../domain/sync/plan-case.js';
import { planPair } from '../domain/sync/plan-pair.js';
import type { PairPlan, PairSnapshots } from '../domain/sync/plan-pair.js';
import * as links from '../adapters/store/links.js';
import { getSnapshots, upsertSnapshots } from '../adapters/store/snapshots.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import { createIssuesOnce } from './create-issues.js';
import { fingerprintFields, passCaseFields } from './read-fields.js';
import { reportProblems } from './problems.js';
import type { Problem } from './problems.js';
import { toJiraRestFields } from './jira-fields.js';
import { transitionToStatus } from './transitions.js';
import { syncComments } from './sync-comments.js';
import { JIRA_SEEN_SNAPSHOT } from './feeds/jira-poll.js';
import { OWN_WRITE_SNAPSHOT } from './feeds/salesforce-poll.js';
import { classifyNewCases } from './classify-cases.js';
import { settleOwnWrites, trackOwnWrites } from './own-writes.js';
import { followMovedIssues } from './follow-moved-issues.js';
import { prefetchLinkedIssues, readLinkedIssues } from './linked-issues.js';

export interface SyncOutcome {
  created: number;
  linked: number;
  caseUpdates: number;
  issueUpdates: number;
  transitions: number;
  commentsToJira: number;
  commentsToSalesforce: number;
  /** Cases whose create intent another worker holds (or whose create may have happened); the caller looks again after the lease. */
  deferred: string[];
  /**
   * Cases with work an exhausted rate or API limit refused for now (nothing written): the caller
   * keeps them for later, after `retryAfterMs`, without spending an attempt.
   */
  refusedForNow: Array<{ caseId: string; retryAfterMs?: number }>;
  problems: Problem[];
}

/** Pair snapshots of the Jira side are kept per case: many cases may share one issue. */
export const pairObjectId = (issueKey: string, caseId: string) => `${issueKey}@${caseId}`;

export async function syncCases(untracked: EngineContext, caseIds: readonly string[], meta: { correlationId?: string; jobId?: string } = {}): Promise<SyncOutcome> {
  // Every write of the pass and of its extensions is noted, so that none of them costs another pass.
  const { ctx, log } = trackOwnWrites(untracked);
  const correlationId = meta.correlationId ?? randomUUID();
  const outcome: SyncOutcome = { created: 0, linked: 0, caseUpdates: 0, issueUpdates: 0, transitions: 0, commentsToJira: 0, commentsToSalesforce: 0, deferred: [], refusedForNow: [], problems: [] };
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return outcome;
  // Adapters retry each request on their own; a write they could not do comes back per record.
  const keepForLater = (caseId: string, error: { retryAfterMs?: number }) => outcome.refusedForNow.push({ caseId, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });

  const passFields = passCaseFields(ctx);
  let liveLinks = await links.listLinksForCases(ctx.db, ids);
  const prefetched = prefetchLinkedIssues(ctx, liveLinks);
  const cases = await ctx.cases.getCases(ids, passFields);
  // Values as read, for the audit log's "before" (classification updates record.fields in place).
  const originalFields = new Map(cases.map((c) => [c.id, { ...c.fields }]));
  const classified = await classifyNewCases(ctx, cases, { correlationId, jobId: meta.jobId });
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const caseSnapshots = await getSnapshots(ctx.db, 'salesforce', ids);

  // 1. Decide: create, link to a typed key, relink, or nothing.
  const decisions = new Map<string, CaseDecision>();
  for (const record of cases) {
    const link = liveLinks.find((l) => l.caseId === record.id);
    const keyWeWrote = (caseSnapshots.get(record.id)?.get(ctx.config.mirror.jiraKeyField)?.value as string | undefined) ?? null;
    if (link?.state === 'creating') {
      decisions.set(record.id, { kind: 'none' });
      continue;
    }
    decisions.set(record.id, decideCase(ctx.config, record, { linkedIssueKey: link?.issueKey ?? null, keyWeWrote, topic: (record.fields.Topic__c as string | null) ?? null }));
  }
  await linkTypedKeys(ctx, decisions, liveLinks, outcome, correlationId);

  const drafts = [...decisions.values()].flatMap((d) => (d.kind === 'create' ? [d.draft] : []));
  // Intents still 'creating' from a crash are resolved through the same path.
  for (const link of liveLinks) {
    const record = caseById.get(link.caseId);
    if (link.state !== 'creating' || !record) continue;
    const decision = decideCase(ctx.config, record, { linkedIssueKey: null, keyWeWrote: null, topic: (record.fields.Topic__c as string | null) ?? null });
    if (decision.kind === 'create') drafts.push(decision.draft);
  }
  const created = await createIssuesOnce(ctx, drafts, { correlationId, jobId: meta.jobId });
  outcome.created = [...created.linked.values()].filter((l) => l.createdNow).length;
  outcome.deferred = created.deferred;
  outcome.refusedForNow.push(...created.refusedForNow);
  outcome.problems.push(...created.failed.map((f) => ({ caseId: f.caseId, code: f.code, message: f.message })));

  // 2. Plan every linked pair against fresh reads of the issues.
  liveLinks = (await links.listLinksForCases(ctx.db, ids)).filter((l) => l.state === 'linked' && l.issueKey);
  const issues = await readLinkedIssues(ctx, liveLinks, prefetched);
  // A linked key the search did not return may name an issue that moved to another project.
  const followed = await followMovedIssues(ctx, liveLinks, issues, { skipCases: new Set(created.linked.keys()), correlationId, jobId: meta.jobId, pairObjectId });
  liveLinks = followed.links;
  issues.push(...followed.issues);
  const issueByKey = new Map(issues.map((i) => [i.key, i]));
  const jiraSnapshots = await getSnapshots(
    ctx.db,
    'jira',
    liveLinks.map((l) => pairObjectId(l.issueKey!, l.caseId)),
  );
  const plans: Array<{ plan: PairPlan; record: CaseRecord; issue: IssueRecord; origin: links.LinkOrigin; snapshots: PairSnapshots }> = [];
  for (const link of liveLinks) {
    const record = caseById.get(link.caseId);
    const issue = issueByKey.get(link.issueKey!);
    if (!record) continue;
    if (!issue) {
      // Jira's search index may not show an issue created a moment ago; the next pass will.
      if (created.linked.has(link.caseId)) continue;
      outcome.problems.push({ caseId: link.caseId, code: 'ISSUE_NOT_FOUND', message: `linked issue ${link.issueKey} no longer exists or is not visible` });
      continue;
    }
    const snapshots = {
      salesforce: valuesOf(caseSnapshots.get(record.id)),
      jira: valuesOf(jiraSnapshots.get(pairObjectId(issue.key, record.id))),
    };
    const plan = planPair(ctx.config, { case: record, issue, origin: link.origin, snapshots });
    plans.push({ plan, record, issue, origin: link.origin, snapshots });
    outcome.problems.push(...plan.problems.map((p) => ({ caseId: record.id, code: p.code, message: p.message })));
  }

  // 3. Apply: Jira edits and transitions per issue, case updates in collections.
  const audit: AuditEntry[] = [];
  const succeeded = new Set<PairPlan>();
  for (const { plan, issue } of plans) {
    let ok = true;
    let editKeptForLater = false;
    if (Object.keys(plan.issueUpdates).length > 0) {
      const result = await ctx.issues.updateIssue(issue.key, toJiraRestFields(plan.issueUpdates));
      if (!result.ok && result.error.disposition === 'refusedForNow') {
        ok = false;
        editKeptForLater = true;
        keepForLater(plan.caseId, result.error);
      } else if (result.ok) {
        outcome.issueUpdates++;
        audit.push({ system: 'jira', objectType: 'issue', objectId: issue.key, action: 'update', before: pick(issue, plan.issueUpdates), after: plan.issueUpdates, correlationId, jobId: meta.jobId });
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
        keepForLater(plan.caseId, moved);
      } else if (moved.ok) {
        outcome.transitions++;
        audit.push({
          system: 'jira',
          objectType: 'issue',
          objectId: issue.key,
          action: 'transition',
          before: { status: issue.status },
          after: { status: plan.transitionTo, steps: moved.steps },
          correlationId,
          jobId: meta.jobId,
        });
      } else {
        ok = false;
        outcome.problems.push({ caseId: plan.caseId, code: moved.code, message: `moving ${issue.key} to "${plan.transitionTo}": ${moved.message}` });
      }
    }
    for (const overwrite of plan.overwrites) {
      audit.push({
        system: 'casebridge',
        objectType: 'conflict',
        objectId: plan.caseId,
        action: 'overwrite',
        before: { [overwrite.field]: overwrite.overwrittenValue },
        after: { [overwrite.field]: overwrite.keptValue, winner: overwrite.winner },
        correlationId,
        jobId: meta.jobId,
        note: `both sides changed ${overwrite.field}; the later change (${overwrite.winner}) won`,
      });
    }
    if (ok) succeeded.add(plan);
  }

  await replanMovedIssues(ctx, plans, succeeded);

  // Case writes: the pair plans plus classification results, one collection entry per case.
  const caseWrites = new Map<string, { fields: Record<string, unknown>; before: Record<string, unknown>; plan?: PairPlan }>();
  for (const [caseId, fields] of classified.updates) caseWrites.set(caseId, { fields: { ...fields }, before: pick(originalFields.get(caseId) ?? {}, fields) });
  for (const { plan, record } of plans) {
    if (Object.keys(plan.caseUpdates).length === 0) continue;
    const entry = caseWrites.get(plan.caseId) ?? { fields: {}, before: {} };
    Object.assign(entry.fields, plan.caseUpdates);
    Object.assign(entry.before, pick(record.fields, plan.caseUpdates));
    caseWrites.set(plan.caseId, { ...entry, plan });
  }
  const ownWrites: Snapshot[] = [];
  const writeCases = async (): Promise<void> => {
    if (caseWrites.size === 0) return;
    const entries = [...caseWrites.entries()];
    const results = await ctx.cases.updateCases(entries.map(([id, { fields }]) => ({ id, fields })));
    entries.forEach(([caseId, { fields, before, plan }], index) => {
      const result = results[index];
      if (result && !result.ok && result.error.disposition === 'refusedForNow') {
        if (plan) succeeded.delete(plan);
        keepForLater(caseId, result.error);
      } else if (result?.ok) {
        outcome.caseUpdates++;
        const after = { ...originalFields.get(caseId), ...caseById.get(caseId)?.fields, ...fields };
        ownWrites.push({ system: 'salesforce', objectId: caseId, field: OWN_WRITE_SNAPSHOT, value: fingerprintFields(after, passFields), sourceUpdatedAt: null, writtenByUs: true });
        audit.push({ system: 'salesforce', objectType: 'Case', objectId: caseId, action: 'update', before, after: fields, correlationId, jobId: meta.jobId });
      } else {
        if (plan) succeeded.delete(plan);
        outcome.problems.push({ caseId, code: result?.error.code ?? 'SALESFORCE_UPDATE_FAILED', message: `updating case: ${result?.error.message ?? 'no result'}` });
      }
    });
  };
  // The comment step claims and lists the case comments while the case update is out (a read locks
  // nothing), then waits for the update before it writes any comment: one sequential call less.
  const casesWritten = writeCases().then(
    (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
    (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
  );
  // If the comment step fails, the case update still ends before the pass does (nothing left in flight).
  const mirrored = await syncComments(
    ctx,
    plans.map(({ record, issue }) => ({ record, issue })),
    { correlationId, jobId: meta.jobId },
    casesWritten,
  ).finally(() => casesWritten);
  const written = await casesWritten;
  if (written.status === 'rejected') throw written.reason;
  audit.push(...classified.audit);
  outcome.commentsToJira = mirrored.toJira;
  outcome.commentsToSalesforce = mirrored.toSalesforce;
  outcome.problems.push(...mirrored.problems);
  outcome.refusedForNow.push(...mirrored.refusedForNow);
  outcome.deferred.push(...mirrored.unknown);
  audit.push(...mirrored.audit);

  // 4. Record what is now in sync; a pair whose writes failed keeps its old snapshots and is retried.
  const snapshots: Snapshot[] = [];
  for (const plan of succeeded) {
    for (const [field, value] of plan.nextSnapshots.salesforce)
      snapshots.push({ system: 'salesforce', objectId: plan.caseId, field, value, sourceUpdatedAt: null, writtenByUs: field in plan.caseUpdates });
    for (const [field, value] of plan.nextSnapshots.jira)
      snapshots.push({ system: 'jira', objectId: pairObjectId(plan.issueKey, plan.caseId), field, value, sourceUpdatedAt: null, writtenByUs: field in plan.issueUpdates });
  }
  // The feeds skip what this pass already covered: our own case writes (by fingerprint) and
  // issues read here and not written since (by their updated instant).
  snapshots.push(...ownWrites);
  const writtenIssues = new Set(plans.filter(({ plan }) => Object.keys(plan.issueUpdates).length > 0 || plan.transitionTo !== undefined).map(({ issue }) => issue.key));
  for (const { issue } of plans) {
    if (!writtenIssues.has(issue.key))
      snapshots.push({ system: 'jira', objectId: issue.key, field: JIRA_SEEN_SNAPSHOT, value: issue.updated, sourceUpdatedAt: new Date(issue.updated), writtenByUs: false });
  }
  await upsertSnapshots(ctx.db, dedupeSnapshots(snapshots));
  await appendAudit(ctx.db, audit);
  await reportProblems(ctx, outcome.problems, { correlationId, jobId: meta.jobId, caseIds: ids, caseSnapshots });
  for (const extension of ctx.extensions ?? []) {
    await extension.afterPass(ctx, { cases, links: liveLinks, issues, caseComments: mirrored.caseComments, correlationId, jobId: meta.jobId });
  }
  await settleOwnWrites(ctx, { log, pairs: plans, succeeded, caseFields: new Map(cases.map((c) => [c.id, c.fields])), passFields, pairObjectId });
  return outcome;
}

/** Links cases to issue keys agents typed (after checking the issue exists), relinking when they changed it. */
async function linkTypedKeys(ctx: EngineContext, decisions: Map<string, CaseDecision>, liveLinks: links.Link[], outcome: SyncOutcome, correlationId: string): Promise<void> {
  const wanted = [...decisions.entries()].filter(([, d]) => d.kind === 'link' || d.kind === 'relink') as Array<[string, Extract<CaseDecision, { kind: 'link' | 'relink' }>]>;
  for (const [caseId, decision] of decisions) {
    if (decision.kind === 'invalidKey') outcome.problems.push({ caseId, code: 'INVALID_ISSUE_KEY', message: `the Jira key field holds "${decision.value}", which is not an issue key` });
  }
  if (wanted.length === 0) return;
  const found = await ctx.issues.getIssues([...new Set(wanted.map(([, d]) => d.issueKey))]);
  const byKey = new Map(found.map((i) => [i.key, i]));
  // A key the search does not know may be the old key of an issue moved to another project: GET
  // answers it under its new key, and the case is linked to that.
  for (const key of new Set(wanted.map(([, d]) => d.issueKey))) {
    if (byKey.has(key)) continue;
    const issue = await ctx.issues.getIssueByKey(key);
    if (issue) byKey.set(key, issue);
  }
  for (const [caseId, decision] of wanted) {
    const issue = byKey.get(decision.issueKey);
    if (!issue) {
      outcome.problems.push({ caseId, code: 'UNKNOWN_ISSUE_KEY', message: `the Jira key field names ${decision.issueKey}, which does not exist or is not visible` });
      continue;
    }
    await ctx.db.transaction(async (trx) => {
      const current = liveLinks.find((l) => l.caseId === caseId);
      if (current) await links.markUnlinked(trx, current.id);
      await links.insertLinked(trx, caseId, { key: issue.key, id: issue.id });
    });
    outcome.linked++;
    await appendAudit(ctx.db, [{ system: 'casebridge', objectType: 'link', objectId: caseId, action: decision.kind, after: { issueKey: issue.key }, correlationId }]);
  }
}

/**
 * A transition changes what every case of the issue should show, and our own webhook for it is
 * dropped as an echo: re-read the moved issues once and re-plan their pairs, so this pass's case
 * write already carries the new status. A re-plan that would write to Jira again is not used.
 */
async function replanMovedIssues(
  ctx: EngineContext,
  plans: Array<{ plan: PairPlan; record: CaseRecord; issue: IssueRecord; origin: links.LinkOrigin; snapshots: PairSnapshots }>,
  succeeded: Set<PairPlan>,
): Promise<void> {
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

/** Issue key → id of the links that know it (reads of these are reconciled with the search index). */
/** One snapshot per key (the last wins): a multi-row upsert may not touch a row twice. */
function dedupeSnapshots(snapshots: readonly Snapshot[]): Snapshot[] {
  return [...new Map(snapshots.map((s) => [`${s.system}|${s.objectId}|${s.field}`, s])).values()];
}

function valuesOf(snapshots: Map<string, Snapshot> | undefined): Map<string, unknown> {
  return new Map([...(snapshots ?? new Map<string, Snapshot>()).entries()].map(([field, s]) => [field, s.value]));
}

function pick(source: object, keys: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, (source as Record<string, unknown>)[k] ?? null]));
}

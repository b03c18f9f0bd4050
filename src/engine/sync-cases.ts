/**
 * One sync pass over a batch of cases: read both sides in bulk, decide creates and links, plan
 * every pair, write the differences in batches, then record snapshots and the audit log.
 * State-based: it reads the current values rather than trusting the event that triggered it,
 * so duplicated, reordered or late events all converge on the latest state.
 *
 * The steps live in their own modules: deciding (`decide-cases.ts`), planning (`plan-pairs.ts`),
 * the Jira writes (`write-issues.ts`), the case writes (`write-cases.ts`), comments
 * (`sync-comments.ts`) and what is recorded after (`pass-snapshots.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { CaseCommentRecord, CaseRecord } from '../domain/sync/records.js';
import * as links from '../adapters/store/links.js';
import { getSnapshots, upsertSnapshots } from '../adapters/store/snapshots.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import { createIssuesOnce } from './create-issues.js';
import { passCaseFields } from './read-fields.js';
import { reportProblems } from './problems.js';
import { syncComments } from './sync-comments.js';
import { classifyNewCases } from './classify-cases.js';
import { settleOwnWrites, trackOwnWrites } from './own-writes.js';
import { followMovedIssues } from './follow-moved-issues.js';
import { prefetchLinkedIssues, readLinkedIssues } from './linked-issues.js';
import { decideCases, draftsToCreate, linkTypedKeys } from './decide-cases.js';
import { pairObjectId, planLinkedPairs, replanMovedIssues } from './plan-pairs.js';
import { writeIssues } from './write-issues.js';
import { collectCaseWrites, writeCases } from './write-cases.js';
import { passSnapshots } from './pass-snapshots.js';
import { emptySyncOutcome } from './sync-outcome.js';
import { withCasesClaimed } from './pass-claims.js';
import type { SyncOutcome } from './sync-outcome.js';

export type { SyncOutcome } from './sync-outcome.js';
export { pairObjectId } from './plan-pairs.js';

export async function syncCases(ctx: EngineContext, caseIds: readonly string[], meta: { correlationId?: string; jobId?: string } = {}): Promise<SyncOutcome> {
  // One pass per case at a time (pass-claims.ts): a case another pass holds is handed back, for a
  // look once that pass is done, instead of being planned from reads the other pass makes stale.
  const claimed = await withCasesClaimed(ctx, caseIds, (held) => syncHeldCases(ctx, held, meta));
  const outcome = claimed.result ?? emptySyncOutcome();
  outcome.heldByAnotherPass.push(...claimed.contended);
  outcome.deferred.push(...claimed.contended);
  return outcome;
}

async function syncHeldCases(untracked: EngineContext, caseIds: readonly string[], meta: { correlationId?: string; jobId?: string }): Promise<SyncOutcome> {
  // Every write of the pass and of its extensions is noted, so that none of them costs another pass.
  const { ctx, log } = trackOwnWrites(untracked);
  const correlationId = meta.correlationId ?? randomUUID();
  const passMeta = { correlationId, jobId: meta.jobId };
  const outcome = emptySyncOutcome();
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return outcome;

  const passFields = passCaseFields(ctx);
  let liveLinks = await links.listLinksForCases(ctx.db, ids);
  const prefetched = prefetchLinkedIssues(ctx, liveLinks);
  const { cases, comments: caseCommentsRead } = await readCases(ctx, ids, passFields);
  // Values as read, for the audit log's "before" (classification updates record.fields in place).
  const originalFields = new Map(cases.map((c) => [c.id, { ...c.fields }]));
  const classified = await classifyNewCases(ctx, cases, passMeta);
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const caseSnapshots = await getSnapshots(ctx.db, 'salesforce', ids);

  // 1. Decide: create, link to a typed key, relink, or nothing.
  const decisions = decideCases(ctx, cases, liveLinks, caseSnapshots);
  await linkTypedKeys(ctx, decisions, liveLinks, outcome, correlationId);
  const created = await createIssuesOnce(ctx, draftsToCreate(ctx, decisions, liveLinks, caseById), passMeta);
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
  const plans = await planLinkedPairs(ctx, { links: liveLinks, caseById, issueByKey, caseSnapshots, createdNow: new Set(created.linked.keys()) }, outcome.problems);

  // 3. Apply: Jira edits and transitions per issue, case updates in collections.
  const audit: AuditEntry[] = [];
  const succeeded = await writeIssues(ctx, plans, outcome, audit, passMeta);
  await replanMovedIssues(ctx, plans, succeeded);
  const ownWrites: Snapshot[] = [];
  const caseWrites = collectCaseWrites(classified.updates, originalFields, plans);
  // The comment step works on the comments read with the cases while the case update is out (a
  // read locks nothing), then waits for the update before it writes any comment.
  const casesWritten = writeCases(ctx, caseWrites, { outcome, audit, succeeded, ownWrites, originalFields, caseById, passFields, meta: passMeta }).then(
    (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
    (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
  );
  // If the comment step fails, the case update still ends before the pass does (nothing left in flight).
  const mirrored = await syncComments(
    ctx,
    plans.map(({ record, issue }) => ({ record, issue })),
    passMeta,
    { readWithCases: caseCommentsRead, caseWrites: casesWritten },
  ).finally(() => casesWritten);
  const written = await casesWritten;
  if (written.status === 'rejected') throw written.reason;
  audit.push(...classified.audit);
  outcome.commentsToJira = mirrored.toJira;
  outcome.commentsToSalesforce = mirrored.toSalesforce;
  outcome.problems.push(...mirrored.problems);
  outcome.refusedForNow.push(...mirrored.refusedForNow);
  // A case deferred for another reason too waits as long as that reason asks.
  outcome.heldByAnotherPass = mirrored.heldElsewhere.filter((id) => !outcome.deferred.includes(id) && !mirrored.unknown.includes(id));
  outcome.deferred.push(...mirrored.unknown, ...mirrored.heldElsewhere);
  audit.push(...mirrored.audit);

  // 4. Record what is now in sync.
  await upsertSnapshots(ctx.db, passSnapshots(plans, succeeded, ownWrites));
  await appendAudit(ctx.db, audit);
  await reportProblems(ctx, outcome.problems, { correlationId, jobId: meta.jobId, caseIds: ids, caseSnapshots });
  for (const extension of ctx.extensions ?? []) {
    await extension.afterPass(ctx, { cases, links: liveLinks, issues, caseComments: mirrored.caseComments, correlationId, jobId: meta.jobId });
  }
  await settleOwnWrites(ctx, { log, pairs: plans, succeeded, caseFields: new Map(cases.map((c) => [c.id, c.fields])), passFields, pairObjectId });
  return outcome;
}

/**
 * The cases, and their comments in the same query when comments are mirrored and the port can (one
 * Salesforce call per batch less); otherwise the comment step lists them.
 */
async function readCases(ctx: EngineContext, ids: readonly string[], fields: readonly string[]): Promise<{ cases: CaseRecord[]; comments?: CaseCommentRecord[] }> {
  const { comments } = ctx.config;
  const mirrorsComments = comments.toJira.enabled || comments.toSalesforce.enabled;
  if (mirrorsComments && ctx.cases.getCasesWithComments) return ctx.cases.getCasesWithComments(ids, fields);
  return { cases: await ctx.cases.getCases(ids, fields) };
}

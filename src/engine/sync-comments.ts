/**
 * Mirrors comments for linked pairs: public case comments to Jira, matching Jira comments to
 * every linked case. Reads come with the pass (case comments: the `CaseComments` subquery of the
 * case read; Jira comments: the `comment` field of the issue search already made), writes only what
 * is missing.
 *
 * Every comment casebridge writes carries a marker naming its source (a footer, and on Jira a
 * comment property), and what is missing is decided from those markers on a fresh list. So a
 * write whose answer was lost is never sent again blindly: its case is looked at again by a later
 * pass, which lists the comments first. Writes refused by a limit are kept for later.
 *
 * Two passes over one case may run at once (its case job and its issue's job in two workers), and
 * the issue read of a pass may predate the other pass's comment. So the step claims its cases
 * first (a case claimed elsewhere is looked at again later), and an issue that seems to lack a
 * case comment, or a case that seems to lack a Jira comment, has its comments listed again, fresh,
 * under the claim, before anything is posted (`case-comment-reads.ts`).
 */
import { mirroredCaseCommentIds, mirroredIssueCommentIds, shouldMirrorToCase, shouldMirrorToJira, toCaseCommentBody, toJiraCommentBody } from '../domain/sync/comments.js';
import type { CaseCommentRecord, CaseRecord, IssueRecord } from '../domain/sync/records.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import type { Problem } from './problems.js';
import { dispositionOf } from '../domain/sync/records.js';
import type { WriteOutcome } from '../domain/sync/records.js';
import { getIdentities } from './identities.js';
import { claimCommentSteps } from '../adapters/store/comment-claims.js';
import { dropPostedMeanwhile, readCaseComments } from './case-comment-reads.js';
import type { CaseCommentToPost } from './case-comment-reads.js';

export interface CommentPair {
  record: CaseRecord;
  issue: IssueRecord;
}

export interface CommentSyncResult {
  toJira: number;
  toSalesforce: number;
  problems: Problem[];
  audit: AuditEntry[];
  caseComments?: CaseCommentRecord[];
  /** Cases with a comment refused by a limit: try again after `retryAfterMs`. */
  refusedForNow: Array<{ caseId: string; retryAfterMs?: number }>;
  /** Cases with a comment whose write may or may not have happened: a later pass lists and decides. */
  unknown: string[];
  /** Cases whose comment step another pass holds (a claim is never waited for): a pass looks again shortly. */
  heldElsewhere: string[];
}

/** What the pass already read of the case side, and the case update it has out meanwhile. */
export interface CommentStepInput {
  /**
   * The comments of the pass's cases, read with the cases (before the claim). Absent: they are
   * listed here, under the claim.
   */
  readWithCases?: readonly CaseCommentRecord[];
  /**
   * The pass's case update, running meanwhile: comments are written only once it has answered (a
   * comment insert locks its case; our own update must not contend with it). If it failed, nothing
   * is mirrored and its error is thrown.
   */
  caseWrites?: Promise<PromiseSettledResult<void>>;
}

export async function syncComments(ctx: EngineContext, pairs: readonly CommentPair[], meta: { correlationId: string; jobId?: string }, input: CommentStepInput = {}): Promise<CommentSyncResult> {
  const result: CommentSyncResult = { toJira: 0, toSalesforce: 0, problems: [], audit: [], caseComments: undefined, refusedForNow: [], unknown: [], heldElsewhere: [] };
  const { comments } = ctx.config;
  if (pairs.length === 0 || (!comments.toJira.enabled && !comments.toSalesforce.enabled)) return result;
  /** False when the outcome is not a failure to report: kept for later, or to be looked at again. */
  const isReportable = (caseId: string, outcome: WriteOutcome<unknown>): boolean => {
    const disposition = dispositionOf(outcome);
    if (outcome.ok || disposition === 'failed') return true;
    if (disposition === 'refusedForNow') result.refusedForNow.push({ caseId, ...(outcome.error.retryAfterMs !== undefined ? { retryAfterMs: outcome.error.retryAfterMs } : {}) });
    else result.unknown.push(caseId);
    return false;
  };
  const identities = await getIdentities(ctx);
  const caseIds = [...new Set(pairs.map((p) => p.record.id))];
  // The claims last as long as the step's transaction; nothing inside uses the database meanwhile.
  await ctx.db.transaction(async (trx) => {
    const claimed = await claimCommentSteps(trx, caseIds);
    result.heldElsewhere.push(...caseIds.filter((id) => !claimed.has(id)));
    const held = pairs.filter((p) => claimed.has(p.record.id));
    // Read for every case of the pass (extensions use them too); listed again under the claim where
    // the read before it may miss a comment another pass posted, while the case update is out.
    const read = await readCaseComments(ctx, { caseIds, held, jiraAccountId: identities.jiraAccountId, readWithCases: input.readWithCases });
    result.caseComments = read.comments;
    const written = await (input.caseWrites ?? Promise.resolve({ status: 'fulfilled', value: undefined }));
    if (written.status === 'rejected') throw written.reason;
    await mirrorClaimed(ctx, { pairs: held, caseComments: read.comments, listedUnderClaim: read.listedUnderClaim, identities, meta }, result, isReportable);
  });
  return result;
}

interface ClaimedStep {
  pairs: readonly CommentPair[];
  caseComments: readonly CaseCommentRecord[];
  /** Cases whose comments were listed under the claim (the others' may predate another pass's comment). */
  listedUnderClaim: ReadonlySet<string>;
  identities: { salesforceUserId: string; jiraAccountId: string };
  meta: { correlationId: string; jobId?: string };
}

/** Mirrors the comments of pairs whose cases this pass holds the claim of. */
async function mirrorClaimed(ctx: EngineContext, step: ClaimedStep, result: CommentSyncResult, isReportable: (caseId: string, outcome: WriteOutcome<unknown>) => boolean): Promise<void> {
  const { pairs, caseComments, identities, meta } = step;
  let newCaseComments: CaseCommentToPost[] = [];
  for (const { record, issue } of pairs) {
    const onCase = caseComments.filter((c) => c.caseId === record.id);
    // Delivered with the issue read (search field `comment`); absent when comments are not read.
    let onIssue = issue.comments;
    if (onIssue === undefined) continue;
    const wanted = onCase.filter((comment) => shouldMirrorToJira(ctx.config, comment, identities.salesforceUserId));
    let postedToJira = mirroredCaseCommentIds(onIssue);
    // The pass's read may be older than a comment another pass posted: list again before posting.
    if (wanted.some((comment) => !postedToJira.has(comment.id))) {
      onIssue = await ctx.issues.listComments(issue.key);
      postedToJira = mirroredCaseCommentIds(onIssue);
    }
    for (const comment of wanted) {
      if (postedToJira.has(comment.id)) continue;
      const body = toJiraCommentBody(ctx.config, comment, String(record.fields.CaseNumber ?? record.id));
      const outcome = await ctx.issues.addComment(issue.key, body, { origin: 'salesforce', caseId: record.id, caseCommentId: comment.id });
      if (!isReportable(record.id, outcome)) continue;
      if (outcome.ok) {
        result.toJira++;
        result.audit.push({
          system: 'jira',
          objectType: 'comment',
          objectId: issue.key,
          action: 'create',
          after: { commentId: outcome.value.id, fromCaseComment: comment.id },
          correlationId: meta.correlationId,
          jobId: meta.jobId,
        });
      } else result.problems.push({ caseId: record.id, code: outcome.error.code, message: `mirroring comment ${comment.id} to ${issue.key}: ${outcome.error.message}` });
    }
    const onCaseFromJira = mirroredIssueCommentIds(onCase);
    for (const comment of onIssue) {
      if (!shouldMirrorToCase(ctx.config, comment, identities.jiraAccountId) || onCaseFromJira.has(`${issue.key}#${comment.id}`)) continue;
      newCaseComments.push({ caseId: record.id, issueKey: issue.key, body: toCaseCommentBody(ctx.config, comment), isPublished: true, from: comment });
    }
  }
  newCaseComments = await dropPostedMeanwhile(ctx, newCaseComments, step.listedUnderClaim);
  if (newCaseComments.length > 0) {
    const outcomes = await ctx.cases.createComments(newCaseComments.map(({ caseId, body, isPublished }) => ({ caseId, body, isPublished })));
    newCaseComments.forEach((comment, index) => {
      const outcome = outcomes[index];
      if (outcome && !isReportable(comment.caseId, outcome)) return;
      if (outcome?.ok) {
        result.toSalesforce++;
        result.audit.push({
          system: 'salesforce',
          objectType: 'CaseComment',
          objectId: comment.caseId,
          action: 'create',
          after: { commentId: outcome.value.id, fromJiraComment: `${comment.from.issueKey}#${comment.from.id}` },
          correlationId: meta.correlationId,
          jobId: meta.jobId,
        });
      } else
        result.problems.push({
          caseId: comment.caseId,
          code: outcome?.error.code ?? 'SALESFORCE_COMMENT_FAILED',
          message: `mirroring Jira comment ${comment.from.id}: ${outcome?.error.message ?? 'no result'}`,
        });
    });
  }
}

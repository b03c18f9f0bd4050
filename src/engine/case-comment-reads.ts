/**
 * How the comment step knows a case's comments. The pass reads them with the cases (a `CaseComments`
 * subquery in the case query), before the step claims its cases. That read is enough to post case
 * comments to Jira (what Jira already holds is listed fresh before posting) and to see that nothing
 * is to be posted to the case, which is the common batch: no call of its own.
 *
 * It is not enough to post to a case: another pass may have posted the same Jira comment between
 * the read and the claim, and posting on that read would post it twice. So a case that seems to lack
 * a Jira comment has its comments listed again, fresh, under the claim — while the pass's case
 * update is out when the pass's reads already show it (one call, side by side with the update), and
 * otherwise just before posting.
 */
import { mirroredIssueCommentIds, shouldMirrorToCase } from '../domain/sync/comments.js';
import type { CaseCommentRecord, IssueCommentRecord } from '../domain/sync/records.js';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { EngineContext } from './context.js';
import type { CommentPair } from './sync-comments.js';

export interface CaseCommentRead {
  comments: CaseCommentRecord[];
  /** Cases whose comments were listed under the claim. */
  listedUnderClaim: Set<string>;
}

/**
 * The comments of `caseIds`: those read with the cases, with the held cases that seem to lack a Jira
 * comment listed again; or, when the pass read none with the cases, all of them listed now.
 */
export async function readCaseComments(
  ctx: EngineContext,
  step: { caseIds: readonly string[]; held: readonly CommentPair[]; jiraAccountId: string; readWithCases?: readonly CaseCommentRecord[] },
): Promise<CaseCommentRead> {
  if (step.readWithCases === undefined) {
    return { comments: await ctx.cases.listComments(step.caseIds), listedUnderClaim: new Set(step.held.map((p) => p.record.id)) };
  }
  const lacking = new Set(
    step.held.filter(({ record, issue }) => lacksJiraComment(ctx.config, step.readWithCases!, record.id, issue.key, issue.comments ?? [], step.jiraAccountId)).map(({ record }) => record.id),
  );
  return relistCases(ctx, step.readWithCases, lacking);
}

/** `known` with the comments of `caseIds` replaced by a fresh list of them (no call when there are none). */
export async function relistCases(ctx: EngineContext, known: readonly CaseCommentRecord[], caseIds: ReadonlySet<string>): Promise<CaseCommentRead> {
  if (caseIds.size === 0) return { comments: [...known], listedUnderClaim: new Set() };
  const fresh = await ctx.cases.listComments([...caseIds]);
  return { comments: oldestFirst([...known.filter((c) => !caseIds.has(c.caseId)), ...fresh]), listedUnderClaim: new Set(caseIds) };
}

/** A Jira comment to post to a case. */
export interface CaseCommentToPost {
  caseId: string;
  issueKey: string;
  body: string;
  isPublished: boolean;
  from: IssueCommentRecord;
}

/**
 * The comments to post, less those already on their case, for the cases not listed under the claim
 * yet (Jira comments the pass's issue read did not show): those are listed now, just before posting.
 */
export async function dropPostedMeanwhile(ctx: EngineContext, toPost: readonly CaseCommentToPost[], listedUnderClaim: ReadonlySet<string>): Promise<CaseCommentToPost[]> {
  const unlisted = new Set(toPost.map((c) => c.caseId).filter((id) => !listedUnderClaim.has(id)));
  if (unlisted.size === 0) return [...toPost];
  const fresh = await ctx.cases.listComments([...unlisted]);
  return toPost.filter((c) => !unlisted.has(c.caseId) || !mirroredIssueCommentIds(fresh.filter((f) => f.caseId === c.caseId)).has(`${c.issueKey}#${c.from.id}`));
}

/** True when the issue has a comment to mirror to the case that the case's comments do not show. */
export function lacksJiraComment(
  config: SyncConfig,
  caseComments: readonly CaseCommentRecord[],
  caseId: string,
  issueKey: string,
  onIssue: readonly IssueCommentRecord[],
  jiraAccountId: string,
): boolean {
  const onCaseFromJira = mirroredIssueCommentIds(caseComments.filter((c) => c.caseId === caseId));
  return onIssue.some((comment) => shouldMirrorToCase(config, comment, jiraAccountId) && !onCaseFromJira.has(`${issueKey}#${comment.id}`));
}

/** Case comments oldest first, ties by id, as `listComments` answers them. */
function oldestFirst(comments: CaseCommentRecord[]): CaseCommentRecord[] {
  return comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

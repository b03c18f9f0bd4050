/**
 * Mirrors comments for linked pairs: public case comments to Jira, matching Jira comments to
 * every linked case. Reads come with the pass (case comments: one query per 200 cases; Jira
 * comments: the `comment` field of the issue search already made), writes only what is missing.
 */
import { mirroredCaseCommentIds, mirroredIssueCommentIds, shouldMirrorToCase, shouldMirrorToJira, toCaseCommentBody, toJiraCommentBody } from '../domain/sync/comments.js';
import type { CaseCommentRecord, CaseRecord, IssueCommentRecord, IssueRecord } from '../domain/sync/records.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import type { Problem } from './problems.js';
import { withRetry } from './retry.js';
import { getIdentities } from './identities.js';

export interface CommentPair {
  record: CaseRecord;
  issue: IssueRecord;
}

export async function syncComments(ctx: EngineContext, pairs: readonly CommentPair[], meta: { correlationId: string; jobId?: string }): Promise<{ toJira: number; toSalesforce: number; problems: Problem[]; audit: AuditEntry[]; caseComments?: CaseCommentRecord[] }> {
  const result = { toJira: 0, toSalesforce: 0, problems: [] as Problem[], audit: [] as AuditEntry[], caseComments: undefined as CaseCommentRecord[] | undefined };
  const { comments } = ctx.config;
  if (pairs.length === 0 || (!comments.toJira.enabled && !comments.toSalesforce.enabled)) return result;
  const call = <T>(operation: string, fn: () => Promise<T>, idempotent: boolean) => withRetry(operation, fn, ctx.config.retries, { ...ctx.retry, idempotent });
  const identities = await getIdentities(ctx);
  const caseComments = await call('salesforce.listComments', () => ctx.cases.listComments([...new Set(pairs.map((p) => p.record.id))]), true);
  result.caseComments = caseComments;

  const newCaseComments: Array<{ caseId: string; body: string; isPublished: boolean; from: IssueCommentRecord }> = [];
  for (const { record, issue } of pairs) {
    const onCase = caseComments.filter((c) => c.caseId === record.id);
    // Delivered with the issue read (search field `comment`); absent when comments are not read.
    const onIssue = issue.comments;
    if (onIssue === undefined) continue;
    const postedToJira = mirroredCaseCommentIds(onIssue);
    for (const comment of onCase) {
      if (!shouldMirrorToJira(ctx.config, comment, identities.salesforceUserId) || postedToJira.has(comment.id)) continue;
      const body = toJiraCommentBody(ctx.config, comment, String(record.fields.CaseNumber ?? record.id));
      const outcome = await call('jira.addComment', () => ctx.issues.addComment(issue.key, body, { origin: 'salesforce', caseId: record.id, caseCommentId: comment.id }), false);
      if (outcome.ok) {
        result.toJira++;
        result.audit.push({ system: 'jira', objectType: 'comment', objectId: issue.key, action: 'create', after: { commentId: outcome.value.id, fromCaseComment: comment.id }, correlationId: meta.correlationId, jobId: meta.jobId });
      } else result.problems.push({ caseId: record.id, code: outcome.error.code, message: `mirroring comment ${comment.id} to ${issue.key}: ${outcome.error.message}` });
    }
    const onCaseFromJira = mirroredIssueCommentIds(onCase);
    for (const comment of onIssue) {
      if (!shouldMirrorToCase(ctx.config, comment, identities.jiraAccountId) || onCaseFromJira.has(`${issue.key}#${comment.id}`)) continue;
      newCaseComments.push({ caseId: record.id, body: toCaseCommentBody(ctx.config, comment), isPublished: true, from: comment });
    }
  }
  if (newCaseComments.length > 0) {
    const outcomes = await call('salesforce.createComments', () => ctx.cases.createComments(newCaseComments.map(({ from: _from, ...rest }) => rest)), false);
    newCaseComments.forEach((comment, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) {
        result.toSalesforce++;
        result.audit.push({ system: 'salesforce', objectType: 'CaseComment', objectId: comment.caseId, action: 'create', after: { commentId: outcome.value.id, fromJiraComment: `${comment.from.issueKey}#${comment.from.id}` }, correlationId: meta.correlationId, jobId: meta.jobId });
      } else result.problems.push({ caseId: comment.caseId, code: outcome?.error.code ?? 'SALESFORCE_COMMENT_FAILED', message: `mirroring Jira comment ${comment.from.id}: ${outcome?.error.message ?? 'no result'}` });
    });
  }
  return result;
}


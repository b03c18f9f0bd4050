/**
 * Which comments cross over, and how a mirrored comment is marked with its origin so that it is
 * recognised when it comes back (and not posted twice after a crash). The marker is a footer
 * people can read: developers see which case a comment came from, agents which issue.
 */
import type { SyncConfig } from '../../config/schemas/sync.js';
import type { CaseCommentRecord, IssueCommentRecord } from './records.js';
import { ISSUE_KEY_CAPTURE } from '../jira-keys.js';
import { CASE_COMMENT_BODY, JIRA_LONG_TEXT, fitText } from './text-limits.js';

const FROM_SALESFORCE = /— Salesforce case \S+, comment ([A-Za-z0-9]{15,18})\s*$/;
const FROM_JIRA = new RegExp(`— Jira ${ISSUE_KEY_CAPTURE}, comment (\\d+)\\s*$`);

/** The Jira comment for a case comment; cut to Jira's 32,767 characters, the footer always whole. */
export function toJiraCommentBody(config: SyncConfig, comment: CaseCommentRecord, caseNumber: string): string {
  const marker = `\n\n[… cut to fit Jira's limit: the full comment is on Salesforce case ${caseNumber}]`;
  return fitText(`${config.comments.toJira.prefix}${comment.body}`, JIRA_LONG_TEXT, marker, `\n\n— Salesforce case ${caseNumber}, comment ${comment.id}`);
}

export function toCaseCommentBody(config: SyncConfig, comment: IssueCommentRecord): string {
  const prefix = config.comments.toSalesforce.prefix;
  const text = prefix && comment.body.startsWith(prefix) ? comment.body.slice(prefix.length).trimStart() : comment.body;
  // CommentBody holds 4,000 UTF-8 bytes: a longer comment is cut, and says where the rest is.
  const marker = `\n\n[… cut to fit Salesforce's limit: the full comment is in Jira ${comment.issueKey}]`;
  return fitText(text, CASE_COMMENT_BODY, marker, `\n\n— Jira ${comment.issueKey}, comment ${comment.id}`);
}

/** Case comment ids already mirrored to Jira, read from the footers of the issue's comments. */
export function mirroredCaseCommentIds(issueComments: readonly IssueCommentRecord[]): Set<string> {
  return new Set(issueComments.map((c) => FROM_SALESFORCE.exec(c.body)?.[1]).filter((id): id is string => id !== undefined));
}

/** `KEY#commentId` of Jira comments already mirrored to a case. */
export function mirroredIssueCommentIds(caseComments: readonly CaseCommentRecord[]): Set<string> {
  return new Set(
    caseComments
      .map((c) => FROM_JIRA.exec(c.body))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]}#${m[2]}`),
  );
}

/** A public comment a person wrote on the case (not one casebridge mirrored from Jira). */
export function shouldMirrorToJira(config: SyncConfig, comment: CaseCommentRecord, integrationUserId: string): boolean {
  return config.comments.toJira.enabled && comment.isPublished && comment.createdById !== integrationUserId && !FROM_JIRA.test(comment.body);
}

/** A Jira comment a person wrote that the rule lets through (prefix, or no restricted visibility). */
export function shouldMirrorToCase(config: SyncConfig, comment: IssueCommentRecord, integrationAccountId: string): boolean {
  const rule = config.comments.toSalesforce;
  if (!rule.enabled || comment.authorAccountId === integrationAccountId || FROM_SALESFORCE.test(comment.body)) return false;
  if (rule.prefix !== undefined && !comment.body.startsWith(rule.prefix)) return false;
  if (rule.publicOnly && comment.visibility !== null) return false;
  // Restricted comments never reach customers' cases unless the rule explicitly matched them by prefix.
  return rule.prefix !== undefined || comment.visibility === null;
}

/**
 * The shapes the sync works with, independent of jsforce and jira.js. Adapters translate to
 * and from them; the planner only ever sees these.
 */

/** A Salesforce Case as read: API field names to values (dates as ISO strings). */
export interface CaseRecord {
  id: string;
  /** Every field the sync asked for, by API name (`Subject`, `Jira_Key__c`, `Account.Tier__c`, …). */
  fields: Record<string, unknown>;
  /** ISO-8601 instant with milliseconds; the poll cursor and de-duplication key. */
  systemModstamp: string;
  /** User id of the last writer; the integration user's writes are casebridge's own. */
  lastModifiedById: string;
}

export interface CaseCommentRecord {
  id: string;
  caseId: string;
  body: string;
  isPublished: boolean;
  createdAt: string;
  createdById: string;
}

/** A Jira issue as read, flattened to what the sync maps. */
export interface IssueRecord {
  id: string;
  key: string;
  /** Browse URL for people (`https://site/browse/KEY`). */
  url: string;
  projectKey: string;
  status: string;
  summary: string;
  /** Plain text rendered from the ADF description. */
  description: string;
  priority: string | null;
  labels: string[];
  assignee: { accountId: string; displayName: string } | null;
  fixVersions: string[];
  /** ISO-8601 instant. */
  updated: string;
  /** Account id of whoever made the latest change, when known (from the changelog or webhook). */
  lastUpdatedByAccountId?: string | null;
  /** Custom and other fields by Jira field id, raw. */
  fields: Record<string, unknown>;
  /** The issue's comments, when the read asked for the `comment` field. */
  comments?: IssueCommentRecord[];
  /** Who changed the issue when (its changelog histories), when the read asked for them. */
  changes?: Array<{ authorAccountId: string; created: string }>;
}

export interface IssueCommentRecord {
  id: string;
  issueKey: string;
  body: string;
  authorAccountId: string;
  created: string;
  /** `null` when visible to all; otherwise the role or group it is restricted to. */
  visibility: { type: string; value: string } | null;
  /** Comment properties (casebridge marks the comments it wrote with their origin). */
  properties: Record<string, unknown>;
}

/** What to create in Jira for one case. */
export interface IssueDraft {
  /** The case it is for (also carried as a searchable label). */
  caseId: string;
  projectKey: string;
  issueType: string;
  summary: string;
  description: string;
  priority?: string;
  labels: string[];
  components: string[];
  assigneeAccountId?: string;
  /** Other fields by Jira field id (custom fields). */
  fields: Record<string, unknown>;
}

/**
 * Why a write did not happen, as far as the writer knows:
 * - `failed` (the default): refused for good (Jira's or Salesforce's message says why);
 * - `refusedForNow`: refused by a rate or API limit still exhausted after the request's retries;
 *   nothing was written, so the work is kept for later (after `retryAfterMs`) without spending an attempt;
 * - `unknown`: the request may have reached the server (timeout, reset, 5xx on a non-idempotent
 *   write); sending it again could do it twice, so the writer looks before it writes again.
 */
export type WriteDisposition = 'failed' | 'refusedForNow' | 'unknown';

export interface WriteError {
  code: string;
  message: string;
  fields?: string[];
  /** Absent means `failed`. */
  disposition?: WriteDisposition;
  /** How long the server asked to wait (refused for now). */
  retryAfterMs?: number;
}

/** A per-record outcome of a batched write: expected failures are values, not exceptions. */
export type WriteOutcome<T = { id: string }> = { ok: true; value: T } | { ok: false; error: WriteError };

/** The disposition of a failed outcome (`failed` when the writer did not say). */
export function dispositionOf(outcome: WriteOutcome<unknown>): WriteDisposition | 'ok' {
  return outcome.ok ? 'ok' : (outcome.error.disposition ?? 'failed');
}

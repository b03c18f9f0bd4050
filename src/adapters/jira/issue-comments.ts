/**
 * An issue's comments, whole. Jira Cloud caps the list an issue's `comment` field carries (in
 * search and GET issue answers) and keeps the field's `total` at the true count: observed as 100
 * of 120, the oldest left out (atlassian/atlassian-mcp-server#230); Atlassian asks clients to read
 * the returned `maxResults`/`total` and page ("Changing maxResults parameter for Jira Cloud REST
 * API", Atlassian KB). Taking that part for the whole list would leave the comments outside it
 * unmirrored for good, so an issue whose field shows fewer than its total has its comments listed
 * through the paged `GET /rest/api/3/issue/{key}/comment`.
 */
import type { Version3Client } from 'jira.js';
import type { IssueCommentRecord, IssueRecord } from '../../domain/sync/records.js';
import { toIssueCommentRecord } from './issues.js';

const COMMENT_PAGE_SIZE = 100;

type Loose = Record<string, unknown>;

/** Sends one read request through the request retry. */
type ReadCall = <T>(run: () => Promise<T>, operation?: string) => Promise<T>;

/** Lists every comment of an issue, oldest first, page by page (`startAt`, up to `total`). */
export function createCommentLister(client: Version3Client, call: ReadCall): (key: string) => Promise<IssueCommentRecord[]> {
  return async (key) => {
    const comments: IssueCommentRecord[] = [];
    for (let startAt = 0; ;) {
      const page = await call(() => client.issueComments.getComments({ issueIdOrKey: key, expand: 'properties', orderBy: 'created', startAt, maxResults: COMMENT_PAGE_SIZE }), 'jira.listComments');
      const items = (page.comments ?? []) as unknown as Loose[];
      comments.push(...items.map((comment) => toIssueCommentRecord(key, comment)));
      startAt += items.length;
      if (items.length === 0 || startAt >= (page.total ?? 0)) return comments;
    }
  };
}

/** True when the issue's `comment` field carries fewer comments than its `total` says it has. */
function showsPartOfComments(issue: Loose): boolean {
  const field = (issue.fields as Loose | undefined)?.comment as Loose | undefined;
  const shown = Array.isArray(field?.comments) ? field.comments.length : 0;
  return typeof field?.total === 'number' && field.total > shown;
}

/** `record` (read from `issue`) with its comments listed whole when the field showed only a part. */
export async function withAllComments(record: IssueRecord, issue: Loose, listComments: (key: string) => Promise<IssueCommentRecord[]>): Promise<IssueRecord> {
  if (record.comments === undefined || !showsPartOfComments(issue)) return record;
  return { ...record, comments: await listComments(record.key) };
}

/**
 * Most comments an issue's `comment` field carries in a search or GET issue answer. Jira Cloud caps
 * the list and keeps its `total` at the true count, so a reader can tell it got a part: observed as
 * 100 of an issue's 120 comments, the oldest ones left out (atlassian/atlassian-mcp-server#230,
 * "getJiraIssue drops startAt, maxResults and total from the comment field"); Atlassian's own advice
 * is to read the returned `maxResults`/`total` and page, as each endpoint has its own cap that may
 * change ("Changing maxResults parameter for Jira Cloud REST API",
 * confluence.atlassian.com/jirakb/changing-maxresults-parameter-for-jira-rest-api-779160706.html).
 * The whole list is `GET /issue/{key}/comment`, paged by `startAt`.
 */
export const EMBEDDED_COMMENTS_MAX = 100;

/** The part of an issue's comments its `comment` field (PageOfComments) shows: the newest, oldest of them first. */
export function embeddedCommentPage<T>(comments: readonly T[]): { shown: T[]; maxResults: number; total: number; startAt: number } {
  const shown = comments.slice(-EMBEDDED_COMMENTS_MAX);
  return { shown, maxResults: EMBEDDED_COMMENTS_MAX, total: comments.length, startAt: comments.length - shown.length };
}

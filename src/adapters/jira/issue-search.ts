/**
 * Reads through Jira's enhanced search (`POST /rest/api/3/search/jql`): pages by `nextPageToken`,
 * `reconcileIssues` for the issues casebridge already knows (so a lagging index cannot hide them),
 * a `key in (...)` search that survives keys naming no issue, and an issue's comments listed whole
 * when its `comment` field carries only the newest of them (issue-comments.ts).
 */
import type { Version3Client } from 'jira.js';
import type { IssueCommentRecord, IssueRecord } from '../../domain/sync/records.js';
import type { ApiError } from '../../errors.js';
import { fromJiraError } from './errors.js';
import { buildKeysJql } from './jql.js';
import { toIssueRecord } from './issues.js';
import { withAllComments } from './issue-comments.js';

/** Keys or labels per search; Jira returns at most 100 issues with fields per page. */
export const SEARCH_CHUNK_SIZE = 100;
/** Most ids one search may name in `reconcileIssues` (Jira Cloud's limit). */
export const JIRA_RECONCILE_SIZE = 50;
const SEARCH_PAGE_SIZE = 100;

type Loose = Record<string, unknown>;

/** Jira's answer for a key that names no issue in a `key in (...)` search. */
const MISSING_KEY = /An issue with key '([^']+)' does not exist|The issue key '([^']+)' for field '[^']+' is invalid/g;

function readMissingKeys(error: ApiError): string[] {
  if (error.status !== 400) return [];
  return [...error.message.matchAll(MISSING_KEY)].map((m) => (m[1] ?? m[2]) as string);
}

export interface IssueSearchDeps {
  client: Version3Client;
  /** Fields every search reads. */
  fields: string[];
  browseUrl: (key: string) => string;
  /** Sends one read request through the request retry. */
  call: <T>(run: () => Promise<T>, operation?: string) => Promise<T>;
  /** Every comment of an issue, for one whose `comment` field showed only a part (issue-comments.ts). */
  listComments: (key: string) => Promise<IssueCommentRecord[]>;
}

export function createIssueSearch({ client, fields, browseUrl, call, listComments }: IssueSearchDeps) {
  async function* searchPages(jql: string, reconcileIds: readonly string[] = [], withChanges = false): AsyncGenerator<IssueRecord[]> {
    // Ids named here are read fresh, whatever the search index has caught up with.
    const reconcileIssues = reconcileIds
      .map(Number)
      .filter((id) => Number.isSafeInteger(id) && id > 0)
      .slice(0, JIRA_RECONCILE_SIZE);
    let nextPageToken: string | undefined;
    do {
      const token = nextPageToken;
      const page = await call(
        () =>
          client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
            jql,
            fields: withChanges ? [...fields, 'comment'] : fields,
            ...(withChanges ? { expand: 'changelog' } : {}),
            maxResults: SEARCH_PAGE_SIZE,
            ...(reconcileIssues.length > 0 ? { reconcileIssues } : {}),
            ...(token ? { nextPageToken: token } : {}),
          }),
        'jira.search',
      );
      const issues = (page.issues ?? []) as unknown as Loose[];
      // One issue at a time: a page of long threads must not become a burst of comment reads.
      const records: IssueRecord[] = [];
      for (const issue of issues) records.push(await withAllComments(toIssueRecord(issue, browseUrl), issue, listComments));
      if (records.length > 0) yield records;
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
  }

  async function searchAll(jql: string, reconcileIds: readonly string[] = [], withChanges = false): Promise<IssueRecord[]> {
    const all: IssueRecord[] = [];
    for await (const page of searchPages(jql, reconcileIds, withChanges)) all.push(...page);
    return all;
  }

  /** `key in (...)` fails as a whole when one key names no issue: drop those keys and ask again. */
  async function searchKeys(keys: string[], reconcileIds: readonly string[], withChanges = false): Promise<IssueRecord[]> {
    let remaining = keys;
    while (remaining.length > 0) {
      try {
        return await searchAll(buildKeysJql(remaining), reconcileIds, withChanges);
      } catch (error) {
        const missing = readMissingKeys(fromJiraError(error));
        if (missing.length === 0) throw error;
        remaining = remaining.filter((key) => !missing.includes(key));
      }
    }
    return [];
  }

  return { searchPages, searchAll, searchKeys };
}

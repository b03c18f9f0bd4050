/**
 * The engine's `IssueSystem` over jira.js 5 (`Version3Client`): bulk create in calls of ≤50
 * (`issue-create.ts`), reads through the enhanced search (`issue-search.ts`: `POST /rest/api/3/search/jql`,
 * `nextPageToken` paging, `reconcileIssues` for the issues casebridge knows, so a lagging index cannot
 * hide them), fresh reads by key, and the writes to one issue each (`issue-writes.ts`: transitions,
 * edits, watchers, comments). Every HTTP request goes through the one request retry; a call made of
 * several requests reports per record what its request did (created, failed, refused for now,
 * unknown). Whole-call failures become `ApiError` (via `fromJiraError`); expected per-record
 * failures (missing issue, unavailable transition, invalid field) are outcome values.
 */
import type { Version3Client } from 'jira.js';
import type { IssueSystem } from '../../engine/ports.js';
import type { IssueCommentRecord, IssueRecord } from '../../domain/sync/records.js';
import { InvalidInputError } from '../../errors.js';
import type { RequestRetry } from '../../engine/retry.js';
import { createRequestSender } from '../request-outcome.js';
import { fromJiraError } from './errors.js';
import { buildLabelsJql, buildUpdatedJql, isIssueKey } from './jql.js';
import { ISSUE_FIELDS, toIssueRecord } from './issues.js';
import { createCommentLister, withAllComments } from './issue-comments.js';
import { bulkCreateGateFor } from './bulk-create-gate.js';
import { chunk } from '../chunk.js';
import { createBulkCreate } from './issue-create.js';
import { createIssueSearch, JIRA_RECONCILE_SIZE, SEARCH_CHUNK_SIZE } from './issue-search.js';
import { createIssueWrites } from './issue-writes.js';

export interface JiraIssueSystemOptions {
  client: Version3Client;
  /** Site URL for browse links, e.g. `https://acme.atlassian.net`. */
  baseUrl: string;
  /** Prefix of the label marking an issue with its case (default `sfcase-`: `sfcase-500…`). */
  caseLabelPrefix?: string;
  /** Custom field ids to read besides the standard ones (resolved from their names at start). */
  extraFields?: readonly string[];
  /** Time zone of the API user's Jira profile, in which JQL dates are read (default UTC). */
  jqlTimeZone?: string;
  /** Retries each request on its own (default: each request is sent once). */
  retry?: RequestRetry;
  /**
   * Bulk creates in flight at once over this client, across every pass (`jira.bulkCreateConcurrency`,
   * default 4); the first system built over a client sets it (bulk-create-gate.ts).
   */
  bulkCreateConcurrency?: number;
}

type Loose = Record<string, unknown>;

/** Builds the Jira side of the sync on a jira.js client. */
export function createJiraIssueSystem(options: JiraIssueSystemOptions): IssueSystem {
  const { client } = options;
  const siteUrl = options.baseUrl.replace(/\/+$/, '');
  const caseLabelPrefix = options.caseLabelPrefix ?? 'sfcase-';
  const fields = [...ISSUE_FIELDS, ...(options.extraFields ?? [])];
  const badField = fields.find((id) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(id));
  if (badField !== undefined) throw new InvalidInputError(`extraFields: ${JSON.stringify(badField)} is not a Jira field id (a custom field named in the config must be resolved to its id first)`);
  let accountId: string | undefined;
  const bulkCreates = bulkCreateGateFor(client, options.bulkCreateConcurrency);

  const browseUrl = (key: string): string => `${siteUrl}/browse/${encodeURIComponent(key)}`;

  const send = createRequestSender(options.retry, (error) => fromJiraError(error));
  const call = <T>(run: () => Promise<T>, operation = 'jira.read'): Promise<T> => send(operation, run, true);
  const listComments = createCommentLister(client, call);
  const { searchPages, searchAll, searchKeys } = createIssueSearch({ client, fields, browseUrl, call, listComments });
  const createIssues = createBulkCreate({ client, send, bulkCreates, caseLabelPrefix });
  const writes = createIssueWrites({ client, send });

  return {
    async getIntegrationAccountId(): Promise<string> {
      if (accountId) return accountId;
      const user = await call(() => client.myself.getCurrentUser(), 'jira.myself');
      if (!user.accountId) throw fromJiraError(new Error('GET /myself answered without an accountId'));
      return (accountId = user.accountId);
    },

    async getIssues(keys: readonly string[], options: { knownIds?: ReadonlyMap<string, string>; withChanges?: boolean } = {}): Promise<IssueRecord[]> {
      // A string that is not a key cannot name an issue: it is absent, like an unknown key.
      const valid = [...new Set(keys.filter(isIssueKey))];
      const found: IssueRecord[] = [];
      // Keys whose ids casebridge knows go in searches of ≤50 that reconcile those ids.
      const withIds = valid.filter((key) => options.knownIds?.has(key));
      const withoutIds = valid.filter((key) => !options.knownIds?.has(key));
      for (const group of chunk(withIds, JIRA_RECONCILE_SIZE))
        found.push(
          ...(await searchKeys(
            group,
            group.map((key) => options.knownIds!.get(key)!),
            options.withChanges,
          )),
        );
      for (const group of chunk(withoutIds, SEARCH_CHUNK_SIZE)) found.push(...(await searchKeys(group, [], options.withChanges)));
      return found;
    },

    async getWorkflowState(key: string): Promise<{ status: string; transitions: Array<{ id: string; name: string; toStatus: string }> } | null> {
      if (!isIssueKey(key)) return null;
      try {
        // One fresh GET (never the search index) gives the status and the transitions from it together.
        const issue = (await call(() => client.issues.getIssue({ issueIdOrKey: key, fields: ['status'], expand: 'transitions' }), 'jira.getWorkflowState')) as unknown as Loose;
        const status = (issue.fields as Loose | undefined)?.status as Loose | undefined;
        const transitions = Array.isArray(issue.transitions) ? (issue.transitions as Loose[]) : [];
        return {
          status: String(status?.name ?? ''),
          transitions: transitions.map((t) => ({ id: String(t.id), name: String(t.name ?? ''), toStatus: String((t.to as Loose | undefined)?.name ?? '') })),
        };
      } catch (error) {
        if (fromJiraError(error).status === 404) return null;
        throw error;
      }
    },

    async findIssuesByLabels(labels: readonly string[]): Promise<IssueRecord[]> {
      const found = new Map<string, IssueRecord>();
      for (const group of chunk([...new Set(labels)], SEARCH_CHUNK_SIZE)) {
        for (const issue of await searchAll(buildLabelsJql(group))) found.set(issue.key, issue);
      }
      return [...found.values()];
    },

    async *listUpdatedIssues(since: Date, projectKeys: readonly string[]): AsyncIterable<IssueRecord[]> {
      yield* searchPages(buildUpdatedJql(since, projectKeys, options.jqlTimeZone));
    },

    async getTransitions(key: string): Promise<Array<{ id: string; name: string; toStatus: string }>> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      const answer = await call(() => client.issues.getTransitions({ issueIdOrKey: key }), 'jira.getTransitions');
      return (answer.transitions ?? []).map((t) => ({ id: String(t.id), name: String(t.name ?? ''), toStatus: String(t.to?.name ?? '') }));
    },

    async listComments(key: string): Promise<IssueCommentRecord[]> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      return listComments(key);
    },

    /**
     * `GET /rest/api/3/issue/{key}`: the issue as Jira holds it now (never the search index), under its
     * current key; an issue moved to another project answers to its old key under its new one. Null
     * when no issue has or had the key (404).
     */
    async getIssueByKey(key: string): Promise<IssueRecord | null> {
      if (!isIssueKey(key)) return null;
      try {
        const issue = (await call(() => client.issues.getIssue({ issueIdOrKey: key, fields: [...fields] }), 'jira.getIssue')) as unknown as Loose;
        return await withAllComments(toIssueRecord(issue, browseUrl), issue, listComments);
      } catch (error) {
        if (fromJiraError(error).status === 404) return null;
        throw error;
      }
    },

    browseUrl,
    // Bulk creates, and the writes to one issue each: issue-create.ts, issue-writes.ts.
    createIssues,
    ...writes,
  };
}

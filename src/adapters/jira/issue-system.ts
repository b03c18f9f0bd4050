/**
 * The engine's `IssueSystem` over jira.js 5 (`Version3Client`): bulk create in calls of ≤50,
 * reads through the enhanced search (`issue-search.ts`: `POST /rest/api/3/search/jql`, `nextPageToken`
 * paging, `reconcileIssues` for the issues casebridge knows, so a lagging index cannot hide them),
 * transitions and comments. Every HTTP request goes through the one request retry; a call made of
 * several requests reports per record what its request did (created, failed, refused for now,
 * unknown). Whole-call failures become `ApiError` (via `fromJiraError`); expected per-record
 * failures (missing issue, unavailable transition, invalid field) are outcome values.
 */
import type { Version3Client } from 'jira.js';
import type { IssueSystem } from '../../engine/ports.js';
import type { IssueCommentRecord, IssueDraft, IssueRecord, WriteOutcome } from '../../domain/sync/records.js';
import { toAdf } from '../../domain/sync/adf.js';
import { InvalidInputError } from '../../errors.js';
import type { RequestRetry } from '../../engine/retry.js';
import { createRequestSender, toWriteFailure } from '../request-outcome.js';
import { fromJiraError, readJiraResponseBody } from './errors.js';
import { buildLabelsJql, buildUpdatedJql, isIssueKey } from './jql.js';
import { ISSUE_FIELDS, toCreateFields, toCreateOutcomes, toFailure, toIssueCommentRecord, toIssueRecord } from './issues.js';
import { bulkCreateGateFor } from './bulk-create-gate.js';
import { chunk } from '../chunk.js';
import { createIssueSearch, JIRA_RECONCILE_SIZE, SEARCH_CHUNK_SIZE } from './issue-search.js';

export { JIRA_RECONCILE_SIZE } from './issue-search.js';

/** Most issues one bulk create may carry (Jira Cloud's limit). */
export const JIRA_BULK_CREATE_SIZE = 50;
const COMMENT_PAGE_SIZE = 100;

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

  /**
   * Runs a per-record request: 400/404/409 answers become failed outcomes, an exhausted rate limit
   * and (for writes that are not idempotent) an ambiguous failure become outcomes too; the rest are thrown.
   */
  const callForOutcome = async <T>(operation: string, run: () => Promise<T>, idempotent: boolean): Promise<{ ok: true; value: T } | WriteOutcome<never>> => {
    try {
      return { ok: true, value: await send(operation, run, idempotent) };
    } catch (error) {
      const mapped = fromJiraError(error);
      const original = mapped.cause ?? error;
      if (mapped.status === 400 || mapped.status === 404 || mapped.status === 409) {
        return toFailure(mapped.status, readJiraResponseBody(original));
      }
      const failure = toWriteFailure(mapped, { idempotent });
      if (failure) return { ok: false, error: failure };
      throw mapped;
    }
  };

  const { searchPages, searchAll, searchKeys } = createIssueSearch({ client, fields, browseUrl, call });

  return {
    async getIntegrationAccountId(): Promise<string> {
      if (accountId) return accountId;
      const user = await call(() => client.myself.getCurrentUser(), 'jira.myself');
      if (!user.accountId) throw fromJiraError(new Error('GET /myself answered without an accountId'));
      return (accountId = user.accountId);
    },

    async createIssues(drafts: readonly IssueDraft[]): Promise<WriteOutcome<{ id: string; key: string }>[]> {
      const outcomes: WriteOutcome<{ id: string; key: string }>[] = [];
      // Once a chunk is refused by an exhausted rate limit, the later ones are not sent: same answer.
      let refusedForNow: WriteOutcome<never> | undefined;
      for (const batch of chunk(drafts, JIRA_BULK_CREATE_SIZE)) {
        if (refusedForNow) {
          outcomes.push(...batch.map(() => refusedForNow!));
          continue;
        }
        const issueUpdates = batch.map((draft) => ({ fields: toCreateFields(draft, `${caseLabelPrefix}${draft.caseId}`) }));
        let answer: Loose;
        try {
          answer = (await send('jira.createIssues', () => bulkCreates.run(() => client.issues.createIssues({ issueUpdates })), false)) as unknown as Loose;
        } catch (error) {
          const mapped = fromJiraError(error);
          // Jira answers 400 with the same per-element body when every draft of the batch failed.
          const body = readJiraResponseBody(mapped.cause ?? error) as Loose | undefined;
          if (mapped.status === 400 && Array.isArray(body?.errors) && body.errors.length > 0) {
            outcomes.push(...toCreateOutcomes(batch.length, body));
            continue;
          }
          const failure = toWriteFailure(mapped, { idempotent: false });
          if (!failure) throw mapped;
          const outcome: WriteOutcome<never> = { ok: false, error: failure };
          if (failure.disposition === 'refusedForNow') refusedForNow = outcome;
          outcomes.push(...batch.map(() => outcome));
          continue;
        }
        outcomes.push(...toCreateOutcomes(batch.length, answer));
      }
      return outcomes;
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

    async updateIssue(key: string, edits: Record<string, unknown>): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      // The v3 API takes descriptions as ADF only; plain text is converted rather than refused.
      const fieldsToSend = typeof edits.description === 'string' ? { ...edits, description: edits.description === '' ? null : toAdf(edits.description) } : edits;
      // Setting fields to values is idempotent: a request that may have arrived is simply sent again.
      const outcome = await callForOutcome('jira.updateIssue', () => client.issues.editIssue({ issueIdOrKey: key, fields: fieldsToSend, notifyUsers: false }), true);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async getTransitions(key: string): Promise<Array<{ id: string; name: string; toStatus: string }>> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      const answer = await call(() => client.issues.getTransitions({ issueIdOrKey: key }), 'jira.getTransitions');
      return (answer.transitions ?? []).map((t) => ({ id: String(t.id), name: String(t.name ?? ''), toStatus: String(t.to?.name ?? '') }));
    },

    async transitionIssue(key: string, transitionId: string): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      // Not idempotent: the same transition id may exist again from the status it led to.
      const outcome = await callForOutcome('jira.transition', () => client.issues.doTransition({ issueIdOrKey: key, transition: { id: transitionId } }), false);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async listComments(key: string): Promise<IssueCommentRecord[]> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      const comments: IssueCommentRecord[] = [];
      for (let startAt = 0; ;) {
        const page = await call(() => client.issueComments.getComments({ issueIdOrKey: key, expand: 'properties', orderBy: 'created', startAt, maxResults: COMMENT_PAGE_SIZE }), 'jira.listComments');
        const items = (page.comments ?? []) as unknown as Loose[];
        comments.push(...items.map((comment) => toIssueCommentRecord(key, comment)));
        startAt += items.length;
        if (items.length === 0 || startAt >= (page.total ?? 0)) return comments;
      }
    },

    async addWatcher(key: string, accountId: string): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      // The body is the accountId as a JSON string; quoted here, since axios sends a string that parses
      // as JSON (an all-digit id) as it is. Idempotent in Jira: adding a watcher twice is one watcher.
      const outcome = await callForOutcome('jira.addWatcher', () => client.issueWatchers.addWatcher({ issueIdOrKey: key, accountId: JSON.stringify(accountId) }), true);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async addComment(key: string, body: string, properties: Record<string, unknown>): Promise<WriteOutcome<{ id: string }>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      const outcome = await callForOutcome(
        'jira.addComment',
        () =>
          client.issueComments.addComment({
            issueIdOrKey: key,
            comment: toAdf(body) as never,
            properties: Object.entries(properties).map(([propertyKey, value]) => ({ key: propertyKey, value })),
          }),
        false,
      );
      return outcome.ok ? { ok: true, value: { id: String(outcome.value.id) } } : outcome;
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
        return toIssueRecord(issue, browseUrl);
      } catch (error) {
        if (fromJiraError(error).status === 404) return null;
        throw error;
      }
    },

    browseUrl,
  };
}

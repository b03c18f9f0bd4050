/**
 * The engine's `IssueSystem` over jira.js 5 (`Version3Client`): bulk create in calls of ≤50,
 * reads through the enhanced search (`POST /rest/api/3/search/jql`, `nextPageToken` paging),
 * transitions and comments. Whole-call failures become `ApiError` (via `fromJiraError`); expected
 * per-record failures (missing issue, unavailable transition, invalid field) are outcome values.
 */
import type { Version3Client } from 'jira.js';
import type { IssueSystem } from '../../engine/ports.js';
import type { IssueCommentRecord, IssueDraft, IssueRecord, WriteOutcome } from '../../domain/sync/records.js';
import { toAdf } from '../../domain/sync/adf.js';
import { InvalidInputError, type ApiError } from '../../errors.js';
import { fromJiraError, readJiraResponseBody } from './errors.js';
import { buildKeysJql, buildLabelsJql, buildUpdatedJql, isIssueKey } from './jql.js';
import { ISSUE_FIELDS, toCreateFields, toCreateOutcomes, toFailure, toIssueCommentRecord, toIssueRecord } from './issues.js';

/** Most issues one bulk create may carry (Jira Cloud's limit). */
export const JIRA_BULK_CREATE_SIZE = 50;
/** Keys or labels per search; Jira returns at most 100 issues with fields per page. */
const SEARCH_CHUNK_SIZE = 100;
const SEARCH_PAGE_SIZE = 100;
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
}

type Loose = Record<string, unknown>;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Jira's answer for a key that names no issue in a `key in (...)` search. */
const MISSING_KEY = /An issue with key '([^']+)' does not exist|The issue key '([^']+)' for field '[^']+' is invalid/g;

function readMissingKeys(error: ApiError): string[] {
  if (error.status !== 400) return [];
  return [...error.message.matchAll(MISSING_KEY)].map((m) => (m[1] ?? m[2]) as string);
}

/** Builds the Jira side of the sync on a jira.js client. */
export function createJiraIssueSystem(options: JiraIssueSystemOptions): IssueSystem {
  const { client } = options;
  const siteUrl = options.baseUrl.replace(/\/+$/, '');
  const caseLabelPrefix = options.caseLabelPrefix ?? 'sfcase-';
  const fields = [...ISSUE_FIELDS, ...(options.extraFields ?? [])];
  const badField = fields.find((id) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(id));
  if (badField !== undefined) throw new InvalidInputError(`extraFields: ${JSON.stringify(badField)} is not a Jira field id (a custom field named in the config must be resolved to its id first)`);
  let accountId: string | undefined;

  const browseUrl = (key: string): string => `${siteUrl}/browse/${encodeURIComponent(key)}`;

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw fromJiraError(error);
    }
  };

  /** Runs a per-record call: 400/404/409 answers become outcomes, the rest are thrown. */
  const callForOutcome = async <T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | WriteOutcome<never>> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const mapped = fromJiraError(error);
      if (mapped.status === 400 || mapped.status === 404 || mapped.status === 409) {
        return toFailure(mapped.status, readJiraResponseBody(error));
      }
      throw mapped;
    }
  };

  async function* searchPages(jql: string): AsyncGenerator<IssueRecord[]> {
    let nextPageToken: string | undefined;
    do {
      const token = nextPageToken;
      const page = await call(() =>
        client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql, fields, maxResults: SEARCH_PAGE_SIZE, ...(token ? { nextPageToken: token } : {}) }),
      );
      const issues = (page.issues ?? []) as unknown as Loose[];
      if (issues.length > 0) yield issues.map((issue) => toIssueRecord(issue, browseUrl));
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
  }

  async function searchAll(jql: string): Promise<IssueRecord[]> {
    const all: IssueRecord[] = [];
    for await (const page of searchPages(jql)) all.push(...page);
    return all;
  }

  /** `key in (...)` fails as a whole when one key names no issue: drop those keys and ask again. */
  async function searchKeys(keys: string[]): Promise<IssueRecord[]> {
    let remaining = keys;
    while (remaining.length > 0) {
      try {
        return await searchAll(buildKeysJql(remaining));
      } catch (error) {
        const missing = readMissingKeys(fromJiraError(error));
        if (missing.length === 0) throw error;
        remaining = remaining.filter((key) => !missing.includes(key));
      }
    }
    return [];
  }

  return {
    async getIntegrationAccountId(): Promise<string> {
      if (accountId) return accountId;
      const user = await call(() => client.myself.getCurrentUser());
      if (!user.accountId) throw fromJiraError(new Error('GET /myself answered without an accountId'));
      return (accountId = user.accountId);
    },

    async createIssues(drafts: readonly IssueDraft[]): Promise<WriteOutcome<{ id: string; key: string }>[]> {
      const outcomes: WriteOutcome<{ id: string; key: string }>[] = [];
      for (const batch of chunk(drafts, JIRA_BULK_CREATE_SIZE)) {
        const issueUpdates = batch.map((draft) => ({ fields: toCreateFields(draft, `${caseLabelPrefix}${draft.caseId}`) }));
        let answer: Loose;
        try {
          answer = (await client.issues.createIssues({ issueUpdates })) as unknown as Loose;
        } catch (error) {
          // Jira answers 400 with the same per-element body when every draft of the batch failed.
          const mapped = fromJiraError(error);
          const body = readJiraResponseBody(error) as Loose | undefined;
          if (mapped.status !== 400 || !Array.isArray(body?.errors) || body.errors.length === 0) throw mapped;
          answer = body;
        }
        outcomes.push(...toCreateOutcomes(batch.length, answer));
      }
      return outcomes;
    },

    async getIssues(keys: readonly string[]): Promise<IssueRecord[]> {
      // A string that is not a key cannot name an issue: it is absent, like an unknown key.
      const valid = [...new Set(keys.filter(isIssueKey))];
      const found: IssueRecord[] = [];
      for (const group of chunk(valid, SEARCH_CHUNK_SIZE)) found.push(...(await searchKeys(group)));
      return found;
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
      const outcome = await callForOutcome(() => client.issues.editIssue({ issueIdOrKey: key, fields: fieldsToSend, notifyUsers: false }));
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async getTransitions(key: string): Promise<Array<{ id: string; name: string; toStatus: string }>> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      const answer = await call(() => client.issues.getTransitions({ issueIdOrKey: key }));
      return (answer.transitions ?? []).map((t) => ({ id: String(t.id), name: String(t.name ?? ''), toStatus: String(t.to?.name ?? '') }));
    },

    async transitionIssue(key: string, transitionId: string): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      const outcome = await callForOutcome(() => client.issues.doTransition({ issueIdOrKey: key, transition: { id: transitionId } }));
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async listComments(key: string): Promise<IssueCommentRecord[]> {
      if (!isIssueKey(key)) throw new InvalidInputError(`${JSON.stringify(key)} is not a Jira issue key such as PAY-123`);
      const comments: IssueCommentRecord[] = [];
      for (let startAt = 0; ; ) {
        const page = await call(() => client.issueComments.getComments({ issueIdOrKey: key, expand: 'properties', orderBy: 'created', startAt, maxResults: COMMENT_PAGE_SIZE }));
        const items = (page.comments ?? []) as unknown as Loose[];
        comments.push(...items.map((comment) => toIssueCommentRecord(key, comment)));
        startAt += items.length;
        if (items.length === 0 || startAt >= (page.total ?? 0)) return comments;
      }
    },

    async addComment(key: string, body: string, properties: Record<string, unknown>): Promise<WriteOutcome<{ id: string }>> {
      if (!isIssueKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
      const outcome = await callForOutcome(() =>
        client.issueComments.addComment({
          issueIdOrKey: key,
          comment: toAdf(body) as never,
          properties: Object.entries(properties).map(([propertyKey, value]) => ({ key: propertyKey, value })),
        }),
      );
      return outcome.ok ? { ok: true, value: { id: String(outcome.value.id) } } : outcome;
    },

    browseUrl,
  };
}

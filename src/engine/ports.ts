/**
 * What the sync engine needs from each system, in its own terms. The Salesforce and Jira
 * adapters implement these; tests and benchmarks run them against the sandbox emulators.
 * Batch sizes are the adapters' business: callers pass any number of records. So are retries:
 * adapters retry each HTTP request on its own (see `RequestRetry`), and a call made of several
 * requests answers per record what its request did (`WriteOutcome` and its disposition), so a
 * caller never sends a whole batch again.
 */
import type { CaseCommentRecord, CaseRecord, IssueCommentRecord, IssueDraft, IssueRecord, WriteOutcome } from '../domain/sync/records.js';

export interface CaseSystem {
  /** The id of the user this connection acts as (the integration user). */
  getIntegrationUserId(): Promise<string>;
  /** How many cases `listChangedCases(since)` would yield (one `SELECT COUNT()`); optional for fakes. */
  countChangedCases?(since: Date): Promise<number>;
  /**
   * Cases with SystemModstamp >= `since`, oldest first, `fields` plus the bookkeeping fields,
   * page by page.
   */
  listChangedCases(since: Date, fields: readonly string[]): AsyncIterable<CaseRecord[]>;
  /**
   * The same cases (bookkeeping fields only, in no order) through one Bulk API 2.0 query job, in sets
   * of `pageRecords`; the job is deleted after. Optional: systems without it are read page by page.
   */
  listChangedCasesInBulk?(since: Date, options: { pageRecords: number; pollMs: number; timeoutMs: number }): AsyncIterable<CaseRecord[]>;
  /** The current state of these cases (any number of ids; one query per 200). */
  getCases(ids: readonly string[], fields: readonly string[]): Promise<CaseRecord[]>;
  /**
   * The same cases with their comments (oldest first), read together: one query per 200 with a
   * `CaseComments` subquery. Optional: systems without it are read with `getCases` and `listComments`.
   */
  getCasesWithComments?(ids: readonly string[], fields: readonly string[]): Promise<{ cases: CaseRecord[]; comments: CaseCommentRecord[] }>;
  /**
   * Updates in sObject Collections of ≤200, allOrNone false; one outcome per input, same order.
   * Records the org locked (`UNABLE_TO_LOCK_ROW`) are retried alone, a few times, before they fail.
   */
  updateCases(updates: ReadonlyArray<{ id: string; fields: Record<string, unknown> }>): Promise<WriteOutcome[]>;
  /** Comments of these cases, oldest first. */
  listComments(caseIds: readonly string[]): Promise<CaseCommentRecord[]>;
  /** Creates comments (public when `isPublished`), batched; one outcome per input. */
  createComments(comments: ReadonlyArray<{ caseId: string; body: string; isPublished: boolean }>): Promise<WriteOutcome[]>;
}

export interface IssueSystem {
  /** accountId of the API user. */
  getIntegrationAccountId(): Promise<string>;
  /**
   * Bulk create (≤50 per request); one outcome per draft, same order. A chunk refused by an
   * exhausted rate limit is `refusedForNow` (later chunks are not sent); a chunk whose answer was
   * lost is `unknown`: its issues may exist, and are found by their case label.
   */
  createIssues(drafts: readonly IssueDraft[]): Promise<WriteOutcome<{ id: string; key: string }>[]>;
  /**
   * Issues by key (JQL `key in (...)`, paged); unknown keys are simply absent. Keys given with
   * their issue ids (`knownIds`, key → id) are read consistently (`reconcileIssues`), not as a
   * lagging search index last saw them. `withChanges` also reads who changed each issue when: its
   * changelog (`changes`) and its comments.
   */
  getIssues(keys: readonly string[], options?: { knownIds?: ReadonlyMap<string, string>; withChanges?: boolean }): Promise<IssueRecord[]>;
  /**
   * Issues carrying any of these labels (recovery of create intents, after their lease). A search:
   * an issue created less than the index lag ago may be missing, so callers wait a lease well above it.
   */
  findIssuesByLabels(labels: readonly string[]): Promise<IssueRecord[]>;
  /** Issues updated at or after `since` in these projects, oldest first, page by page. */
  listUpdatedIssues(since: Date, projectKeys: readonly string[]): AsyncIterable<IssueRecord[]>;
  /** Edits fields (Jira field ids → values already in Jira's REST shape). */
  updateIssue(key: string, fields: Record<string, unknown>): Promise<WriteOutcome<null>>;
  /** Transitions available from the issue's current status. */
  getTransitions(key: string): Promise<Array<{ id: string; name: string; toStatus: string }>>;
  /**
   * The issue's status and the transitions from it, read together and fresh (one GET by key,
   * `expand=transitions`, never the search index); null when the issue does not exist.
   */
  getWorkflowState(key: string): Promise<{ status: string; transitions: Array<{ id: string; name: string; toStatus: string }> } | null>;
  /** One transition; a lost answer is `unknown` (re-read the status before the next step). */
  transitionIssue(key: string, transitionId: string): Promise<WriteOutcome<null>>;
  listComments(key: string): Promise<IssueCommentRecord[]>;
  /**
   * Adds a user as a watcher (`POST /rest/api/3/issue/{key}/watchers`, the accountId as a JSON string
   * body; 204). Adding one who watches already changes nothing, so a retry is safe.
   */
  addWatcher(key: string, accountId: string): Promise<WriteOutcome<null>>;
  /** Adds a comment with properties (origin markers). */
  addComment(key: string, body: string, properties: Record<string, unknown>): Promise<WriteOutcome<{ id: string }>>;
  /**
   * One issue by key, read fresh (`GET /issue/{key}`), under its current key: an issue moved to
   * another project answers to its old key under its new one. Null when no issue has or had the key.
   */
  getIssueByKey(key: string): Promise<IssueRecord | null>;
  /** Browse URL for a key. */
  browseUrl(key: string): string;
}

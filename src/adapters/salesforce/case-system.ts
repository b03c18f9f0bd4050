/**
 * The engine's `CaseSystem` over jsforce: SOQL reads paged through `nextRecordsUrl`, writes in
 * sObject Collections of ≤200 with `allOrNone: false`. Every HTTP request goes through the one
 * request retry (jsforce's own retries are off, see connect.ts), and a write of several
 * collections reports per record what its collection did. Whole-call failures become `ApiError`
 * (via `fromSalesforceError`); per-record failures are `WriteOutcome` values.
 */
import type { Connection, QueryOptions } from 'jsforce';
import type { CaseSystem } from '../../engine/ports.js';
import type { CaseCommentRecord, CaseRecord, WriteOutcome } from '../../domain/sync/records.js';
import { InvalidInputError } from '../../errors.js';
import { createRequestSender } from '../request-outcome.js';
import { sendOnce, type RequestRetry } from '../../engine/retry.js';
import { fromSalesforceError } from './errors.js';
import { sortCaseComments, toCaseCommentRecord, toCaseRecord, toCasesWithComments, type RestRecord, type RestSaveResult } from './records.js';
import { toConfigurationProblem, writeCollections } from './collections.js';
import { assertFieldNames, buildCasesByIdQuery, buildCasesWithCommentsByIdQuery, buildChangedCasesCountQuery, buildChangedCasesQuery, buildCommentsQuery, isSalesforceId } from './soql.js';
import { chunk } from '../chunk.js';
import { listChangedCasesInBulk } from './bulk-query.js';

/** Most records one sObject Collections call and one `Id IN (...)` query carry. */
export const SALESFORCE_BATCH_SIZE = 200;

export interface SalesforceCaseSystemOptions {
  connection: Connection;
  /**
   * Records per query page, sent as `Sforce-Query-Options: batchSize=N` (Salesforce allows
   * 200–2,000 and treats it as a hint). Default: the server's default (2,000).
   */
  pageSize?: number;
  /**
   * The integration user's id when known from configuration. Otherwise it comes from the OAuth
   * login (JWT / client credentials) or, for a bare token, from `GET /services/oauth2/userinfo`.
   */
  integrationUserId?: string;
  /** Retries each request on its own (default: each request is sent once). */
  retry?: RequestRetry;
}

interface QueryPage {
  records: RestRecord[];
  done: boolean;
  nextRecordsUrl?: string;
  totalSize?: number;
}

/** Builds the Salesforce side of the sync on an authenticated jsforce connection. */
export function createSalesforceCaseSystem(options: SalesforceCaseSystemOptions): CaseSystem {
  const { connection } = options;
  if (options.pageSize !== undefined && (!Number.isInteger(options.pageSize) || options.pageSize < 200 || options.pageSize > 2000)) {
    throw new InvalidInputError(`pageSize must be an integer from 200 to 2000 (Salesforce's batchSize range), got ${options.pageSize}`);
  }
  const headers: Record<string, string> = options.pageSize ? { 'Sforce-Query-Options': `batchSize=${options.pageSize}` } : {};
  // One page per call: paging is ours, so callers see (and can checkpoint) each page.
  const queryOptions: QueryOptions = { headers, autoFetch: false, maxFetch: 10_000, scanAll: false, responseTarget: 'QueryResult' };
  let integrationUserId = options.integrationUserId;
  if (integrationUserId !== undefined && !isSalesforceId(integrationUserId)) {
    throw new InvalidInputError(`integrationUserId ${JSON.stringify(integrationUserId)} is not a 15- or 18-character Salesforce id`);
  }

  // Locked rows are retried with the same policy as requests (collections.ts).
  const retry = options.retry ?? sendOnce;
  const send = createRequestSender(retry, (error) => fromSalesforceError(error));
  /** A query; one naming a field the org lacks is a configuration problem, not this batch's. */
  const call = async <T>(run: () => PromiseLike<T>): Promise<T> => {
    try {
      return await send('salesforce.query', run, true);
    } catch (error) {
      throw toConfigurationProblem(fromSalesforceError(error), 'the query') ?? error;
    }
  };

  /** Runs a query and yields its pages, following `nextRecordsUrl` (queryMore). */
  async function* queryPages(soql: string): AsyncGenerator<RestRecord[]> {
    let page = await call(() => connection.query<RestRecord>(soql, queryOptions) as PromiseLike<QueryPage>);
    for (;;) {
      if (page.records.length > 0) yield page.records;
      const next = page.nextRecordsUrl;
      if (page.done || !next) return;
      page = await call(() => connection.queryMore<RestRecord>(next, queryOptions) as PromiseLike<QueryPage>);
    }
  }

  async function queryAll(soql: string): Promise<RestRecord[]> {
    const all: RestRecord[] = [];
    for await (const records of queryPages(soql)) all.push(...records);
    return all;
  }

  /** Sends valid records in collections of ≤200 and merges per-record outcomes back in input order. */
  function writeInBatches(
    operation: string,
    items: ReadonlyArray<{ idField: string; id: string; record: Record<string, unknown> }>,
    write: (records: Record<string, unknown>[]) => Promise<RestSaveResult[]>,
    idempotent: boolean,
  ): Promise<WriteOutcome[]> {
    return writeCollections({ operation, items, write, idempotent, retry, send, batchSize: SALESFORCE_BATCH_SIZE, isValidId: isSalesforceId });
  }

  async function listComments(caseIds: readonly string[]): Promise<CaseCommentRecord[]> {
    const comments: CaseCommentRecord[] = [];
    for (const group of chunk([...new Set(caseIds)], SALESFORCE_BATCH_SIZE)) {
      comments.push(...(await queryAll(buildCommentsQuery(group))).map(toCaseCommentRecord));
    }
    return sortCaseComments(comments);
  }

  return {
    async getIntegrationUserId(): Promise<string> {
      if (integrationUserId) return integrationUserId;
      // OAuth flows tell us the user; a bare token does not, so ask the OpenID userinfo endpoint.
      const known = connection.userInfo?.id;
      if (known) return (integrationUserId = known);
      const info = await call(() => connection.request<{ user_id?: string }>('/services/oauth2/userinfo'));
      if (!info.user_id) throw fromSalesforceError(new Error('the userinfo endpoint answered without user_id'));
      return (integrationUserId = info.user_id);
    },

    async countChangedCases(since: Date): Promise<number> {
      const page = await call(() => connection.query<RestRecord>(buildChangedCasesCountQuery(since)) as PromiseLike<QueryPage>);
      return page.totalSize ?? 0;
    },

    async *listChangedCases(since: Date, fields: readonly string[]): AsyncIterable<CaseRecord[]> {
      for await (const records of queryPages(buildChangedCasesQuery(since, fields))) {
        yield records.map((record) => toCaseRecord(record, fields));
      }
    },

    listChangedCasesInBulk(since, bulkOptions): AsyncIterable<CaseRecord[]> {
      return listChangedCasesInBulk(connection, send, since, bulkOptions);
    },

    async getCases(ids: readonly string[], fields: readonly string[]): Promise<CaseRecord[]> {
      assertFieldNames(fields);
      const unique = [...new Set(ids)];
      const found: CaseRecord[] = [];
      for (const group of chunk(unique, SALESFORCE_BATCH_SIZE)) {
        const records = await queryAll(buildCasesByIdQuery(group, fields));
        found.push(...records.map((record) => toCaseRecord(record, fields)));
      }
      return found;
    },

    async getCasesWithComments(ids: readonly string[], fields: readonly string[]) {
      assertFieldNames(fields);
      const cases: CaseRecord[] = [];
      const comments: CaseCommentRecord[] = [];
      const incomplete: string[] = [];
      for (const group of chunk([...new Set(ids)], SALESFORCE_BATCH_SIZE)) {
        const read = toCasesWithComments(await queryAll(buildCasesWithCommentsByIdQuery(group, fields)), fields);
        cases.push(...read.cases);
        comments.push(...read.comments);
        incomplete.push(...read.incomplete);
      }
      // A case with more comments than one answer carries: its comments are listed whole, apart.
      if (incomplete.length > 0) comments.push(...(await listComments(incomplete)));
      return { cases, comments: sortCaseComments(comments) };
    },

    async updateCases(updates): Promise<WriteOutcome[]> {
      assertFieldNames(updates.flatMap((u) => Object.keys(u.fields)));
      const items = updates.map((update) => {
        if ('Id' in update.fields || 'attributes' in update.fields) {
          throw new InvalidInputError(`update of case ${update.id} must not set Id or attributes in its fields`);
        }
        return { idField: 'Id', id: update.id, record: { ...update.fields, Id: update.id } };
      });
      return writeInBatches(
        'salesforce.updateCases',
        items,
        async (records) => {
          const results = await connection.sobject('Case').update(records as Array<{ Id: string }>, { allOrNone: false });
          return results as unknown as RestSaveResult[];
        },
        // The same values set again: a collection that may have been applied is simply sent again.
        true,
      );
    },

    listComments,

    async createComments(comments): Promise<WriteOutcome[]> {
      const items = comments.map((comment) => ({
        idField: 'ParentId',
        id: comment.caseId,
        record: { ParentId: comment.caseId, CommentBody: comment.body, IsPublished: comment.isPublished },
      }));
      return writeInBatches(
        'salesforce.createComments',
        items,
        async (records) => {
          const results = await connection.sobject('CaseComment').create(records, { allOrNone: false });
          return results as unknown as RestSaveResult[];
        },
        false,
      );
    },
  };
}

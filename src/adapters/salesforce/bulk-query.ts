/**
 * Changed cases through one Salesforce Bulk API 2.0 query job, read with jsforce's bulk2 client
 * (`QueryJobV2`: create, check, delete), one set of results at a time. jsforce's own
 * `bulk2.query()` is not used for the results: it sends no `maxRecords` and fetches every set
 * before the caller reads the first, so all rows would sit in memory. Here each set (`maxRecords`
 * rows) is fetched, parsed and handed on before the next is asked for, and the job is deleted
 * afterwards, whatever happened. Only the bookkeeping fields are read: the sync pass reads the
 * fields it needs itself.
 */
import type { Connection } from 'jsforce';
import { QueryJobV2 } from 'jsforce/lib/api/bulk2.js';
import type { CaseRecord } from '../../domain/sync/records.js';
import { CasebridgeError } from '../../errors.js';
import type { RequestSender } from '../request-outcome.js';
import { buildSelectList, formatSoqlDateTime } from './soql.js';
import { toIsoInstant } from './records.js';

/** How one bulk read runs. */
export interface BulkQueryOptions {
  /** Records per set of results (`maxRecords`). */
  pageRecords: number;
  pollMs: number;
  timeoutMs: number;
}

type CsvRow = Record<string, string>;

/** The parts of jsforce's QueryJobV2 used here; results go through its own request (auth, session refresh). */
interface QueryJobRequests {
  id: string;
  locator?: string;
  open(): Promise<{ id: string }>;
  check(): Promise<{ state: string; errorMessage?: string }>;
  abort(): Promise<unknown>;
  delete(): Promise<unknown>;
  createQueryRequest(request: { method: 'GET'; path: string; headers: Record<string, string> }): Promise<CsvRow[] | string | undefined>;
}

/** The query a bulk backfill runs: no ORDER BY, Bulk API splits a job into chunks and keeps no order. */
export function buildBulkChangedCasesQuery(since: Date): string {
  return `SELECT ${buildSelectList([])} FROM Case WHERE SystemModstamp >= ${formatSoqlDateTime(since)}`;
}

/** Yields the changed cases in sets of `pageRecords`, then deletes the job. Throws BULK_QUERY_FAILED naming the job. */
export async function* listChangedCasesInBulk(connection: Connection, send: RequestSender, since: Date, options: BulkQueryOptions): AsyncGenerator<CaseRecord[]> {
  const job = new QueryJobV2(connection, {
    bodyParams: { query: buildBulkChangedCasesQuery(since), operation: 'query' },
    pollingOptions: { pollInterval: options.pollMs, pollTimeout: options.timeoutMs },
  }) as unknown as QueryJobRequests;
  // Create is not idempotent: sent once, a lost answer leaves at most one stray job behind.
  await send('salesforce.bulkQuery.create', () => job.open(), false);
  let finished = false;
  try {
    await waitForCompletion(job, send, options);
    finished = true;
    let locator: string | undefined;
    do {
      const path = `/${job.id}/results?maxRecords=${options.pageRecords}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
      const rows = await send('salesforce.bulkQuery.results', () => job.createQueryRequest({ method: 'GET', path, headers: { Accept: 'text/csv' } }), true);
      // jsforce keeps the Sforce-Locator of the last answer; "null" after the last set.
      locator = job.locator;
      const records = Array.isArray(rows) ? rows.map(toBulkCaseRecord) : [];
      if (records.length > 0) yield records;
    } while (locator && locator !== 'null');
  } finally {
    // A job still running is aborted first: Salesforce refuses to delete it otherwise.
    if (!finished) await job.abort().catch(() => undefined);
    await send('salesforce.bulkQuery.delete', () => job.delete(), true).catch(() => undefined);
  }
}

async function waitForCompletion(job: QueryJobRequests, send: RequestSender, options: BulkQueryOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const info = await send('salesforce.bulkQuery.check', () => job.check(), true);
    if (info.state === 'JobComplete') return;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      const reason = info.errorMessage ? `: ${info.errorMessage}` : '';
      throw new CasebridgeError('BULK_QUERY_FAILED', `Salesforce Bulk API query job ${job.id} ended ${info.state}${reason}; nothing was synced from it, run the backfill again`);
    }
    if (Date.now() >= deadline) {
      throw new CasebridgeError(
        'BULK_QUERY_TIMEOUT',
        `Salesforce Bulk API query job ${job.id} was still ${info.state} after ${Math.round(options.timeoutMs / 60_000)} min (backfill.bulkTimeoutMinutes); it was aborted`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

/** A CSV row of the bookkeeping fields (empty text is null in Bulk API CSV). */
function toBulkCaseRecord(row: CsvRow): CaseRecord {
  return { id: String(row.Id), fields: {}, systemModstamp: toIsoInstant(row.SystemModstamp), lastModifiedById: row.LastModifiedById ?? '' };
}

/**
 * Bulk API 2.0 query jobs of the emulator: a job's SOQL is checked and run when it is created
 * (`UploadComplete`; a bad query is refused there, as Salesforce does), it is `InProgress` at the first
 * poll and `JobComplete` at the next, so a client must poll as it would against a real org. Results are served in sets of `maxRecords` behind opaque locators that
 * stay valid while the job exists; `"null"` marks the last set. A job can be made to fail (state
 * `Failed` with an `errorMessage`) to test how a client reports it. Sources: emulator README.
 */
import { sfError } from './errors.js';
import { makeSalesforceId } from './ids.js';
import { formatSalesforceDateTime } from './datetime.js';
import { runSoqlQuery, type QueryRecord, type QuerySource } from './soql/execute.js';
import { COLUMN_DELIMITERS, toResultsCsv, type ColumnDelimiter, type LineEnding } from './bulk-query-csv.js';
import { readSelectedColumns } from './bulk-query-columns.js';

export type QueryJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** What a client sends to create a job. */
export interface NewQueryJob {
  operation: 'query' | 'queryAll';
  query: string;
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
  apiVersion: string;
  createdById: string;
}

interface QueryJob extends NewQueryJob {
  id: string;
  object: string;
  state: QueryJobState;
  createdMs: number;
  modifiedMs: number;
  columns: string[];
  records: QueryRecord[];
  errorMessage?: string;
}

/** One set of results: its CSV, how many records it holds, and the locator of the next set or "null". */
export interface ResultSet {
  csv: string;
  numberOfRecords: number;
  nextLocator: string;
}

/** Records per set when the client gives no `maxRecords` (Salesforce picks a size of its own). */
const DEFAULT_MAX_RECORDS = 50_000;

const toLocator = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
const fromLocator = (locator: string): number => Number(Buffer.from(locator, 'base64url').toString('utf8'));

export class BulkQueryJobs {
  private readonly jobs = new Map<string, QueryJob>();
  private sequence = 1;
  private failNextWith: string | undefined;
  /** Jobs created since the last reset, deleted or not (tests check what was cleaned up). */
  created = 0;

  constructor(
    private readonly source: QuerySource,
    private readonly now: () => Date,
  ) {}

  /** The next job to run ends `Failed` with this message, as a real job does when its query times out. */
  failNextJob(errorMessage: string): void {
    this.failNextWith = errorMessage;
  }

  /** Ids of the jobs that exist (not deleted). */
  listJobIds(): string[] {
    return [...this.jobs.keys()];
  }

  clear(): void {
    this.jobs.clear();
    this.created = 0;
    this.failNextWith = undefined;
  }

  create(input: NewQueryJob): Record<string, unknown> {
    if (!(input.columnDelimiter in COLUMN_DELIMITERS)) throw sfError(400, 'INVALIDJOB', `Invalid column delimiter: ${input.columnDelimiter}`);
    const { object, columns } = readSelectedColumns(input.query);
    const nowMs = this.now().getTime();
    const includeDeleted = input.operation === 'queryAll';
    const { records } = runSoqlQuery(input.query, { source: this.source, nowMs, includeDeleted, apiVersion: input.apiVersion });
    const job: QueryJob = { ...input, id: makeSalesforceId('750', this.sequence++), object, columns, state: 'UploadComplete', createdMs: nowMs, modifiedMs: nowMs, records };
    this.jobs.set(job.id, job);
    this.created++;
    return this.toInfo(job);
  }

  /** Job info; each look moves an unfinished job one step on. */
  poll(id: string, apiVersion: string): Record<string, unknown> {
    const job = this.require(id, apiVersion);
    if (job.state === 'UploadComplete') this.start(job);
    else if (job.state === 'InProgress') this.setState(job, 'JobComplete');
    return this.toInfo(job);
  }

  abort(id: string, apiVersion: string): Record<string, unknown> {
    const job = this.require(id, apiVersion);
    if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') {
      throw sfError(400, 'INVALIDJOBSTATE', `Job with Id ${id} can not be aborted in state ${job.state}`);
    }
    this.setState(job, 'Aborted');
    job.records = [];
    return this.toInfo(job);
  }

  delete(id: string, apiVersion: string): void {
    const job = this.require(id, apiVersion);
    if (job.state === 'UploadComplete' || job.state === 'InProgress') throw sfError(400, 'INVALIDJOBSTATE', `Job with Id ${id} can not be deleted in state ${job.state}; abort it first`);
    this.jobs.delete(id);
  }

  results(id: string, apiVersion: string, locator: string | undefined, maxRecords: number | undefined): ResultSet {
    const job = this.require(id, apiVersion);
    if (job.state !== 'JobComplete') {
      throw sfError(412, 'JOB_NOT_COMPLETE', `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${job.state}`);
    }
    const start = locator === undefined || locator === '' ? 0 : fromLocator(locator);
    if (!Number.isInteger(start) || start < 0 || start > job.records.length) throw sfError(400, 'INVALID_LOCATOR', `Invalid locator: ${locator ?? ''}`);
    const end = Math.min(job.records.length, start + (maxRecords ?? DEFAULT_MAX_RECORDS));
    const records = job.records.slice(start, end);
    return {
      csv: toResultsCsv(job.columns, records, job),
      numberOfRecords: records.length,
      nextLocator: end >= job.records.length ? 'null' : toLocator(end),
    };
  }

  private start(job: QueryJob): void {
    if (this.failNextWith === undefined) {
      this.setState(job, 'InProgress');
      return;
    }
    job.errorMessage = this.failNextWith;
    job.records = [];
    this.failNextWith = undefined;
    this.setState(job, 'Failed');
  }

  private setState(job: QueryJob, state: QueryJobState): void {
    job.state = state;
    job.modifiedMs = this.now().getTime();
  }

  private require(id: string, apiVersion: string): QueryJob {
    const job = this.jobs.get(id);
    if (!job) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (job.apiVersion !== apiVersion) throw sfError(409, 'API_VERSION_MISMATCH', `Job ${id} was created in API version ${job.apiVersion}; use that version for it`);
    return job;
  }

  private toInfo(job: QueryJob): Record<string, unknown> {
    const done = job.state === 'JobComplete';
    return {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: job.createdById,
      createdDate: formatSalesforceDateTime(job.createdMs),
      systemModstamp: formatSalesforceDateTime(job.modifiedMs),
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.apiVersion),
      lineEnding: job.lineEnding,
      columnDelimiter: job.columnDelimiter,
      numberRecordsProcessed: done ? job.records.length : 0,
      retries: 0,
      totalProcessingTime: 0,
      ...(job.errorMessage !== undefined ? { errorMessage: job.errorMessage } : {}),
    };
  }
}

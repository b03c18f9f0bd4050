/**
 * Bulk API 2.0 query job routes under `/services/data/:version/jobs/query`: create (POST), job info
 * (GET, each poll moves the job on), abort (PATCH `{ state: "Aborted" }`), delete (DELETE, 204), and
 * results (GET `/results?locator=&maxRecords=` as `text/csv` with `Sforce-Locator` and
 * `Sforce-NumberOfRecords`). Sources: emulator README.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { sfError } from './errors.js';
import { actingUserId, requestApiVersion } from './records.js';
import type { BulkQueryJobs } from './bulk-query-jobs.js';
import { COLUMN_DELIMITERS } from './bulk-query-csv.js';

const NewJobBody = z.object({
  operation: z.enum(['query', 'queryAll']),
  query: z.string().min(1),
  columnDelimiter: z.enum(Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS]).default('COMMA'),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  contentType: z.literal('CSV').optional(),
});

/** Reads `maxRecords`: a positive whole number, or undefined when absent. */
function readMaxRecords(req: Request): number | undefined {
  const text = req.query.maxRecords;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw sfError(400, 'INVALID_MAX_RECORDS', `maxRecords must be a positive whole number, got ${String(text)}`);
  return value;
}

/** Query job routes mounted under `/services/data/:version`. */
export function createBulkQueryRoutes(jobs: BulkQueryJobs): Router {
  const router = Router({ mergeParams: true });
  router.post('/jobs/query', (req, res) => {
    const parsed = NewJobBody.safeParse(req.body);
    if (!parsed.success) {
      const problem = parsed.error.issues[0];
      throw sfError(400, 'INVALIDJOB', `${problem?.path.join('.') || 'body'}: ${problem?.message ?? 'invalid'}`);
    }
    const { operation, query, columnDelimiter, lineEnding } = parsed.data;
    res.json(jobs.create({ operation, query, columnDelimiter, lineEnding, apiVersion: requestApiVersion(req), createdById: actingUserId(res) }));
  });
  router.get('/jobs/query/:jobId', (req, res) => {
    res.json(jobs.poll(String(req.params.jobId), requestApiVersion(req)));
  });
  router.patch('/jobs/query/:jobId', (req, res) => {
    const state = (req.body as { state?: unknown } | undefined)?.state;
    if (state !== 'Aborted') throw sfError(400, 'INVALIDJOBSTATE', `A query job can only be set to Aborted, got ${JSON.stringify(state)}`);
    res.json(jobs.abort(String(req.params.jobId), requestApiVersion(req)));
  });
  router.delete('/jobs/query/:jobId', (req, res) => {
    jobs.delete(String(req.params.jobId), requestApiVersion(req));
    res.status(204).end();
  });
  router.get('/jobs/query/:jobId/results', (req, res) => {
    const locator = typeof req.query.locator === 'string' ? req.query.locator : undefined;
    const set = jobs.results(String(req.params.jobId), requestApiVersion(req), locator, readMaxRecords(req));
    res.set({ 'Content-Type': 'text/csv', 'Sforce-Locator': set.nextLocator, 'Sforce-NumberOfRecords': String(set.numberOfRecords) });
    res.send(set.csv);
  });
  return router;
}

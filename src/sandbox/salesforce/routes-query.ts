/**
 * `/query` and `/queryAll`: SOQL results in pages of 2,000 records (or the `Sforce-Query-Options:
 * batchSize=N` asked for, 200–2,000), continued through `nextRecordsUrl` locators.
 */
import { Router, type Request, type Response } from 'express';
import { sfError } from './errors.js';
import { makeSalesforceId } from './ids.js';
import { requestApiVersion } from './records.js';
import { runSoqlQuery, type QueryRecord, type QuerySource } from './soql/execute.js';

const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;
/**
 * Open cursors kept at most; the oldest is forgotten first, to bound the emulator's memory. Not
 * Salesforce's rule: since API 56.0 it limits neither the open cursors (it was 10 per user) nor
 * anything but their age, two days ("API Query Cursor Limits", Salesforce App Limits Cheatsheet).
 */
const MAX_OPEN_CURSORS = 200;

interface Cursor {
  records: QueryRecord[];
  batchSize: number;
}

/** Reads the batch size asked for in `Sforce-Query-Options`, clamped as Salesforce does. */
function readBatchSize(req: Request): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match?.[1]) return DEFAULT_BATCH_SIZE;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

/** Query routes mounted under `/services/data/:version`. */
export function createQueryRoutes(source: QuerySource, now: () => Date): Router {
  const router = Router({ mergeParams: true });
  const cursors = new Map<string, Cursor>();
  let cursorSequence = 1;

  const answerPage = (res: Response, version: string, cursorId: string, cursor: Cursor, start: number): void => {
    const end = start + cursor.batchSize;
    const done = end >= cursor.records.length;
    if (done) cursors.delete(cursorId);
    res.json({
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${end}` }),
      records: cursor.records.slice(start, end),
    });
  };

  const runQuery =
    (includeDeleted: boolean) =>
    (req: Request, res: Response): void => {
      const version = requestApiVersion(req);
      const text = req.query.q;
      if (typeof text !== 'string' || text.trim() === '') throw sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      const outcome = runSoqlQuery(text, { source, nowMs: now().getTime(), includeDeleted, apiVersion: version });
      if (outcome.records.length === 0) {
        res.json({ totalSize: outcome.totalSize, done: true, records: [] });
        return;
      }
      const cursorId = makeSalesforceId('01g', cursorSequence++);
      const cursor = { records: outcome.records, batchSize: readBatchSize(req) };
      cursors.set(cursorId, cursor);
      if (cursors.size > MAX_OPEN_CURSORS) cursors.delete(cursors.keys().next().value as string);
      answerPage(res, version, cursorId, cursor, 0);
    };

  const continueQuery = (req: Request, res: Response): void => {
    const version = requestApiVersion(req);
    const [cursorId = '', startText = ''] = String(req.params.locator).split('-');
    const cursor = cursors.get(cursorId);
    const start = Number(startText);
    if (!cursor || !Number.isInteger(start) || start < 0 || start >= cursor.records.length) {
      throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    answerPage(res, version, cursorId, cursor, start);
  };

  router.get('/query', runQuery(false));
  router.get('/queryAll', runQuery(true));
  router.get('/query/:locator', continueQuery);
  router.get('/queryAll/:locator', continueQuery);
  return router;
}

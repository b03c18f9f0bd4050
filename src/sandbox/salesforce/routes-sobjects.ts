/**
 * `/sobjects` resources: describe global, basic info, describe, and single-record CRUD.
 */
import { Router } from 'express';
import { findSObject, type SfObjectDef } from './schema.js';
import { sfError } from './errors.js';
import { describeBasic, describeGlobal, describeSObject } from './describe.js';
import { actingUserId, requireObjectBody, requestApiVersion, toJsonRecord } from './records.js';
import type { SalesforceStore } from './store.js';
import { formatSalesforceDateTime, parseSalesforceDateTime } from './datetime.js';
import { unableToLockRow } from './record-faults.js';
import { assertDeserializable } from './deserialize.js';

function requireType(name: string | undefined): SfObjectDef {
  const def = findSObject(name ?? '');
  if (!def) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return def;
}

function readWindow(start: unknown, end: unknown): { startMs: number; endMs: number } {
  const startMs = typeof start === 'string' ? parseSalesforceDateTime(start) : undefined;
  const endMs = typeof end === 'string' ? parseSalesforceDateTime(end) : undefined;
  if (startMs === undefined || endMs === undefined || endMs < startMs) {
    throw sfError(400, 'INVALID_REPLICATION_DATE', 'start and end must be ISO 8601 date-times with end after start');
  }
  return { startMs, endMs };
}

/**
 * Routes mounted under `/services/data/:version`.
 * @param isRowLocked draws whether a single-record update finds its row locked (400 UNABLE_TO_LOCK_ROW).
 */
export function createSObjectRoutes(store: SalesforceStore, isRowLocked: () => boolean = () => false): Router {
  const router = Router({ mergeParams: true });

  router.get('/sobjects', (req, res) => {
    res.json(describeGlobal(requestApiVersion(req)));
  });

  router.get('/sobjects/:type', (req, res) => {
    res.json(describeBasic(requireType(req.params.type), requestApiVersion(req)));
  });

  router.get('/sobjects/:type/describe', (req, res) => {
    res.json(describeSObject(requireType(req.params.type), requestApiVersion(req)));
  });

  // Replication API: ids changed or deleted in a window (jsforce `sobject().updated()/deleted()`).
  router.get('/sobjects/:type/updated', (req, res) => {
    const def = requireType(req.params.type);
    const { startMs, endMs } = readWindow(req.query.start, req.query.end);
    const ids = store
      .list(def.name)
      .filter((r) => typeof r.SystemModstamp === 'number' && r.SystemModstamp >= startMs && r.SystemModstamp <= endMs)
      .map((r) => String(r.Id));
    res.json({ ids, latestDateCovered: formatSalesforceDateTime(endMs) });
  });

  router.get('/sobjects/:type/deleted', (req, res) => {
    const def = requireType(req.params.type);
    const { startMs, endMs } = readWindow(req.query.start, req.query.end);
    const deletedRecords = store
      .list(def.name, true)
      .filter((r) => r.IsDeleted === true && typeof r.SystemModstamp === 'number' && r.SystemModstamp >= startMs && r.SystemModstamp <= endMs)
      .map((r) => ({ id: String(r.Id), deletedDate: formatSalesforceDateTime(r.SystemModstamp as number) }));
    res.json({ deletedRecords, earliestDateAvailable: formatSalesforceDateTime(startMs), latestDateCovered: formatSalesforceDateTime(endMs) });
  });

  router.post('/sobjects/:type', (req, res) => {
    const def = requireType(req.params.type);
    const body = requireObjectBody(req.body);
    assertDeserializable(def, body);
    if ('Id' in body) throw sfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
    const id = store.create(def.name, body, actingUserId(res));
    res.status(201).json({ id, success: true, errors: [] });
  });

  router.get('/sobjects/:type/:id', (req, res) => {
    const def = requireType(req.params.type);
    const row = store.get(def.name, req.params.id);
    if (!row || row.IsDeleted === true) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const fields = typeof req.query.fields === 'string' && req.query.fields !== '' ? req.query.fields.split(',').map((f) => f.trim()) : undefined;
    res.json(toJsonRecord(def, row, requestApiVersion(req), fields));
  });

  router.patch('/sobjects/:type/:id', (req, res) => {
    const def = requireType(req.params.type);
    const body = requireObjectBody(req.body);
    assertDeserializable(def, body);
    const current = store.get(def.name, req.params.id);
    if (current && isRowLocked()) throw unableToLockRow(String(current.Id));
    store.update(def.name, req.params.id, body, actingUserId(res));
    res.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (req, res) => {
    const def = requireType(req.params.type);
    store.delete(def.name, req.params.id, actingUserId(res));
    res.status(204).end();
  });

  return router;
}

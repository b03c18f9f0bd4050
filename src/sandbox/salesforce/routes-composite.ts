/**
 * sObject Collections (`/composite/sobjects`): create, update and delete up to 200 records in one
 * call with per-record results, and retrieve many by id. With `allOrNone: true` one failure rolls
 * every record back; the others then report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import { Router } from 'express';
import { SOBJECTS, findSObject, type SfObjectDef } from './schema.js';
import { SfRequestError, sfError, toSaveErrors, type SfSaveResult } from './errors.js';
import { actingUserId, requireObjectBody, requestApiVersion, toJsonRecord } from './records.js';
import type { SalesforceStore } from './store.js';
import { unableToLockRow } from './record-faults.js';
import { assertDeserializable } from './deserialize.js';

/** The most records one collections call may carry. */
export const MAX_COLLECTION_RECORDS = 200;

const ROLLED_BACK: SfSaveResult['errors'] = [
  {
    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
    fields: [],
  },
];

class RollBack extends Error {}

/**
 * Reads a collections body. Like the real API it deserializes every record before saving any, so an
 * unknown field or a value of the wrong JSON kind in any record fails the whole call (400).
 */
function readBatch(body: unknown): { allOrNone: boolean; records: Record<string, unknown>[] } {
  const object = requireObjectBody(body);
  const records = object.records;
  if (!Array.isArray(records)) throw sfError(400, 'JSON_PARSER_ERROR', 'records must be an array');
  if (records.length > MAX_COLLECTION_RECORDS) {
    throw sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);
  }
  const objects = records.map((r) => requireObjectBody(r));
  for (const record of objects) {
    const def = findTypeOf(record);
    // A record without a known type fails on its own (INVALID_TYPE in its result).
    if (def) assertDeserializable(def, record, body);
  }
  return { allOrNone: object.allOrNone === true, records: objects };
}

/** Runs one write per item, independently or all-or-none, collecting per-record results. */
function runBatch<T>(store: SalesforceStore, items: T[], allOrNone: boolean, write: (item: T) => string): SfSaveResult[] {
  const attempt = (item: T): SfSaveResult => {
    try {
      return { id: write(item), success: true, errors: [] };
    } catch (error) {
      if (error instanceof SfRequestError) return { success: false, errors: toSaveErrors(error) };
      throw error;
    }
  };
  if (!allOrNone) return items.map((item) => store.runAtomically(() => attempt(item)));
  let results: SfSaveResult[] = [];
  try {
    store.runAtomically(() => {
      results = items.map(attempt);
      if (results.some((r) => !r.success)) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return results.map((r) => (r.success ? { success: false, errors: ROLLED_BACK } : r));
  }
  return results;
}

function findTypeOf(record: Record<string, unknown>): SfObjectDef | undefined {
  const attributes = record.attributes as { type?: unknown } | undefined;
  return typeof attributes?.type === 'string' ? findSObject(attributes.type) : undefined;
}

function typeOf(record: Record<string, unknown>): string {
  const def = findTypeOf(record);
  if (!def) throw sfError(400, 'INVALID_TYPE', 'sObject type is missing or not supported: set attributes.type on every record');
  return def.name;
}

/** The record an insert locks: its parent (a comment's case, a case's account), as Salesforce locks parents on insert. */
function parentToLock(record: Record<string, unknown>): string | undefined {
  const parent = record.ParentId ?? record.AccountId;
  return typeof parent === 'string' && parent !== '' ? parent : undefined;
}

/**
 * Routes mounted under `/services/data/:version`.
 * @param isRowLocked draws whether one record write finds its row locked (UNABLE_TO_LOCK_ROW).
 */
export function createCompositeRoutes(store: SalesforceStore, isRowLocked: () => boolean = () => false): Router {
  const router = Router({ mergeParams: true });

  router.post('/composite/sobjects', (req, res) => {
    const { allOrNone, records } = readBatch(req.body);
    const actor = actingUserId(res);
    res.json(
      runBatch(store, records, allOrNone, (record) => {
        if ('Id' in record) throw sfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        const type = typeOf(record);
        const parent = parentToLock(record);
        if (parent !== undefined && isRowLocked()) throw unableToLockRow(parent);
        return store.create(type, record, actor);
      }),
    );
  });

  router.patch('/composite/sobjects', (req, res) => {
    const { allOrNone, records } = readBatch(req.body);
    const actor = actingUserId(res);
    res.json(
      runBatch(store, records, allOrNone, (record) => {
        // Field names are case-insensitive: jsforce sends the record id as `id`.
        const idKey = Object.keys(record).find((key) => key.toLowerCase() === 'id');
        const id = idKey ? record[idKey] : undefined;
        if (typeof id !== 'string') throw sfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const type = typeOf(record);
        if (isRowLocked()) throw unableToLockRow(String(store.get(type, id)?.Id ?? id));
        store.update(type, id, record, actor);
        return String(store.get(type, id)?.Id ?? id);
      }),
    );
  });

  router.delete('/composite/sobjects', (req, res) => {
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter((id) => id !== '') : [];
    if (ids.length > MAX_COLLECTION_RECORDS) {
      throw sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);
    }
    const actor = actingUserId(res);
    res.json(
      runBatch(store, ids, req.query.allOrNone === 'true', (id) => {
        const def = [...SOBJECTS.values()].find((d) => d.keyPrefix === id.slice(0, 3));
        if (!def || !store.get(def.name, id)) throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        store.delete(def.name, id, actor);
        return String(store.get(def.name, id)?.Id ?? id);
      }).map((result, i) => ({ ...result, id: result.id ?? ids[i] })),
    );
  });

  router.post('/composite/sobjects/:type', (req, res) => {
    const def = findSObject(req.params.type);
    if (!def) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const body = requireObjectBody(req.body);
    const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
    const version = requestApiVersion(req);
    res.json(
      ids.map((id) => {
        const row = store.get(def.name, id);
        return row && row.IsDeleted !== true ? toJsonRecord(def, row, version, fields) : null;
      }),
    );
  });

  return router;
}

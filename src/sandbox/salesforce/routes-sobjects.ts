/**
 * `/sobjects` resources: describe global, basic info, describe, and single-record CRUD.
 */
import { Router } from 'express';
import { findSObject, type SfObjectDef } from './schema.js';
import { sfError } from './errors.js';
import { describeBasic, describeGlobal, describeSObject } from './describe.js';
import { actingUserId, requireObjectBody, requestApiVersion, toJsonRecord } from './records.js';
import type { SalesforceStore } from './store.js';

function requireType(name: string | undefined): SfObjectDef {
  const def = findSObject(name ?? '');
  if (!def) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return def;
}

/** Routes mounted under `/services/data/:version`. */
export function createSObjectRoutes(store: SalesforceStore): Router {
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

  router.post('/sobjects/:type', (req, res) => {
    const def = requireType(req.params.type);
    const body = requireObjectBody(req.body);
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
    store.update(def.name, req.params.id, requireObjectBody(req.body), actingUserId(res));
    res.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (req, res) => {
    const def = requireType(req.params.type);
    store.delete(def.name, req.params.id, actingUserId(res));
    res.status(204).end();
  });

  return router;
}

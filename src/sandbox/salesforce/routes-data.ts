/**
 * The data API under `/services/data/{version}`: the session check, the `Sforce-Limit-Info` header,
 * the version's resource list and `/limits`, with the sObject, composite, query and Bulk API routes
 * mounted beneath, and Salesforce's error bodies for whatever they throw. Also the version list at
 * `/services/data`.
 */
import express, { Router } from 'express';
import type { SfSessions } from './auth.js';
import type { BulkQueryJobs } from './bulk-query-jobs.js';
import { createBulkQueryRoutes } from './bulk-routes.js';
import { sfError } from './errors.js';
import { answerSalesforceError, requestApiVersion } from './records.js';
import { createCompositeRoutes } from './routes-composite.js';
import { createQueryRoutes } from './routes-query.js';
import { createSObjectRoutes } from './routes-sobjects.js';
import type { SalesforceStore } from './store.js';

const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0'];

/** What the data API reads besides the request. */
export interface DataRoutesDeps {
  store: SalesforceStore;
  sessions: SfSessions;
  bulkQueryJobs: BulkQueryJobs;
  organizationId: string;
  now: () => Date;
  /** Calls used today and the daily allowance, for `/limits` and `Sforce-Limit-Info`. */
  apiUsage: () => { used: number; max: number };
  isRowLocked: () => boolean;
}

/** The version list and the versioned data API, with its own 404 and error answers. */
export function createDataRoutes(deps: DataRoutesDeps): Router {
  const router = Router();
  router.get('/services/data', (_req, res) => {
    res.json(API_VERSIONS.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })));
  });
  const data = Router({ mergeParams: true });
  data.use(
    deps.sessions.requireSession(),
    (req, res, next) => {
      const usage = deps.apiUsage();
      res.set('Sforce-Limit-Info', `api-usage=${usage.used}/${usage.max}`);
      next();
    },
    express.json({ limit: '20mb', type: () => true }),
  );
  data.get('/', (req, res) => {
    const base = `/services/data/v${requestApiVersion(req)}`;
    res.json({
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      limits: `${base}/limits`,
      composite: `${base}/composite`,
      // Absolute, as Salesforce gives it: jsforce identity() follows it.
      identity: `${req.protocol}://${req.get('host') ?? ''}/id/${deps.organizationId}/${String(res.locals.sfUserId)}`,
    });
  });
  data.get('/limits', (req, res) => {
    requestApiVersion(req);
    const usage = deps.apiUsage();
    res.json({
      DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 5120, Remaining: 5000 },
      SingleEmail: { Max: 5000, Remaining: 5000 },
    });
  });
  data.use(createSObjectRoutes(deps.store, deps.isRowLocked), createCompositeRoutes(deps.store, deps.isRowLocked), createQueryRoutes(deps.store, deps.now), createBulkQueryRoutes(deps.bulkQueryJobs));
  data.use((_req, _res) => {
    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  });
  data.use(answerSalesforceError);
  router.use('/services/data/:version', data);
  return router;
}

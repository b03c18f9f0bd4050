/**
 * The Salesforce emulator: REST API v62.0 under `/services/...` over an in-memory org, the OAuth
 * token endpoint, Outbound Messages, and agent actions for tests and the demo.
 */
import express, { Router } from 'express';
import { SalesforceStore } from './store.js';
import { SfSessions, OAuthError } from './auth.js';
import { OutboundMessenger, type OutboundStats } from './outbound.js';
import { createSObjectRoutes } from './routes-sobjects.js';
import { createCompositeRoutes } from './routes-composite.js';
import { createQueryRoutes } from './routes-query.js';
import { createBulkQueryRoutes } from './bulk-routes.js';
import { BulkQueryJobs } from './bulk-query-jobs.js';
import { answerSalesforceError, requestApiVersion } from './records.js';
import { sfError } from './errors.js';
import { runSalesforceActor, type ActorOutcome } from './actors.js';
import { seedCases, seedPeople, type SeededPeople } from '../seed/seed-org.js';
import { simulateAgentStep } from './simulate.js';
import { CASE_OUTBOUND_MESSAGE } from '../../domain/salesforce/case-automation.js';

/** Case fields sent in outbound messages unless configured otherwise: those of the shipped Outbound Message. */
export const DEFAULT_OUTBOUND_FIELDS = CASE_OUTBOUND_MESSAGE.fields;

/** Settings of the Salesforce emulator. */
export interface SalesforceEmulatorOptions {
  now: () => Date;
  random: () => number;
  /** Accept only issued, unexpired tokens. Default false (any non-empty bearer token). */
  strictAuth?: boolean;
  /** Lifetime of issued tokens in ms under strict auth. Default 2 hours. */
  tokenTtlMs?: number;
  /** 18-character org id (00D…). */
  organizationId: string;
  /** The sandbox's public base URL (for outbound message URLs). */
  publicBaseUrl: () => string;
  /** Calls used today and the daily allowance, for `/limits` and `Sforce-Limit-Info`. */
  apiUsage: () => { used: number; max: number };
  outbound?: {
    url?: string;
    fields?: readonly string[];
    retryBaseMs?: number;
    retryMaxMs?: number;
    batchDelayMs?: number;
    duplicateRate?: number;
  };
  jwtPublicKey?: string;
  clientCredentials?: { clientId: string; clientSecret: string };
  /** Draws whether one record write finds its row locked (UNABLE_TO_LOCK_ROW); never by default. */
  isRowLocked?: () => boolean;
  /** Whether date-times are stored cut to the whole second, as a real org does; default false. */
  wholeSecondTimestamps?: () => boolean;
}

/** A running Salesforce emulator. */
export interface SalesforceEmulator {
  router: Router;
  store: SalesforceStore;
  /** Bulk API 2.0 query jobs (tests look at what was created and deleted, or make the next job fail). */
  bulkQueryJobs: BulkQueryJobs;
  /** Ids of the seeded users and accounts (integration user, agents). */
  people(): SeededPeople;
  /** Back to users and accounts only, no cases; issued tokens and queued messages are dropped. */
  reset(): void;
  /** Adds `count` demo cases drawn from `random`. */
  seed(count: number, random: () => number): void;
  runActor(action: unknown): Promise<ActorOutcome>;
  simulateStep(random: () => number): Promise<void>;
  setOutboundUrl(url: string | undefined): void;
  outboundStats(): OutboundStats;
  close(): Promise<void>;
}

const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0'];

/** Creates the emulator with an empty org (call `reset()` or `seed()` to fill it). */
export function createSalesforceEmulator(options: SalesforceEmulatorOptions): SalesforceEmulator {
  let outbound: OutboundMessenger | undefined;
  const store = new SalesforceStore({
    now: options.now,
    wholeSecondTimestamps: options.wholeSecondTimestamps,
    onCommit: (changes) => outbound?.enqueue(changes.filter((c) => c.sObject === 'Case' && c.kind !== 'deleted').map((c) => c.id)),
  });
  let people: SeededPeople = seedPeople(store, options.now().getTime());
  const sessions = new SfSessions({
    now: options.now,
    strictAuth: options.strictAuth ?? false,
    tokenTtlMs: options.tokenTtlMs ?? 2 * 3_600_000,
    organizationId: options.organizationId,
    defaultUserId: () => people.integrationUserId,
    findUserIdByUsername: (username) => store.list('User').find((u) => u.Username === username)?.Id as string | undefined,
    jwtPublicKey: options.jwtPublicKey,
    clientCredentials: options.clientCredentials,
  });
  outbound = new OutboundMessenger({
    ...options.outbound,
    organizationId: options.organizationId,
    fields: options.outbound?.fields ?? DEFAULT_OUTBOUND_FIELDS,
    baseUrl: options.publicBaseUrl,
    readCase: (id) => store.get('Case', id),
    random: options.random,
  });
  const messenger = outbound;

  const router = Router();
  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), (req, res) => {
    try {
      const baseUrl = `${req.protocol}://${req.get('host') ?? ''}`;
      res.json(sessions.issueToken((req.body ?? {}) as Record<string, string | undefined>, baseUrl));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(400).json({ error: error.error, error_description: error.description });
    }
  });
  router.get('/services/data', (_req, res) => {
    res.json(API_VERSIONS.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })));
  });
  router.get('/id/:orgId/:userId', sessions.requireSession(), (req, res) => {
    const user = store.get('User', String(req.params.userId));
    if (!user) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    res.json({
      id: `${req.protocol}://${req.get('host') ?? ''}/id/${options.organizationId}/${String(user.Id)}`,
      user_id: user.Id,
      organization_id: options.organizationId,
      username: user.Username,
      display_name: user.Name,
      email: user.Email,
      active: user.IsActive,
      user_type: 'STANDARD',
    });
  });

  // OpenID Connect userinfo: how a client holding only a token learns whose token it is.
  router.get('/services/oauth2/userinfo', sessions.requireSession(), (req, res) => {
    const user = store.get('User', String(res.locals.sfUserId));
    if (!user) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const base = `${req.protocol}://${req.get('host') ?? ''}`;
    res.json({
      sub: `${base}/id/${options.organizationId}/${String(user.Id)}`,
      user_id: user.Id,
      organization_id: options.organizationId,
      preferred_username: user.Username,
      nickname: user.Username,
      name: user.Name,
      email: user.Email,
      active: user.IsActive,
    });
  });

  const data = Router({ mergeParams: true });
  data.use(
    sessions.requireSession(),
    (req, res, next) => {
      const usage = options.apiUsage();
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
      identity: `${req.protocol}://${req.get('host') ?? ''}/id/${options.organizationId}/${String(res.locals.sfUserId)}`,
    });
  });
  data.get('/limits', (req, res) => {
    requestApiVersion(req);
    const usage = options.apiUsage();
    res.json({
      DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 5120, Remaining: 5000 },
      SingleEmail: { Max: 5000, Remaining: 5000 },
    });
  });
  const isRowLocked = options.isRowLocked ?? (() => false);
  const bulkQueryJobs = new BulkQueryJobs(store, options.now);
  data.use(createSObjectRoutes(store, isRowLocked), createCompositeRoutes(store, isRowLocked), createQueryRoutes(store, options.now), createBulkQueryRoutes(bulkQueryJobs));
  data.use((_req, _res) => {
    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  });
  data.use(answerSalesforceError);
  router.use('/services/data/:version', data);
  router.use('/id', answerSalesforceError);

  return {
    router,
    store,
    bulkQueryJobs,
    people: () => people,
    reset() {
      store.clear();
      bulkQueryJobs.clear();
      sessions.clear();
      messenger.clear();
      people = seedPeople(store, options.now().getTime());
    },
    seed(count, random) {
      seedCases(store, people, count, random, options.now().getTime());
    },
    async runActor(action) {
      return runSalesforceActor(store, people, action);
    },
    async simulateStep(random) {
      simulateAgentStep(store, people, random);
    },
    setOutboundUrl: (url) => messenger.setUrl(url),
    outboundStats: () => ({ ...messenger.stats }),
    close: () => messenger.close(),
  };
}

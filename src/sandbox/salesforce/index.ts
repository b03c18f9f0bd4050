/**
 * The Salesforce emulator: REST API v62.0 under `/services/...` over an in-memory org, the OAuth
 * token endpoint, Outbound Messages, and agent actions for tests and the demo.
 */
import { Router } from 'express';
import { SalesforceStore } from './store.js';
import { SfSessions } from './auth.js';
import { OutboundMessenger, type OutboundStats } from './outbound.js';
import { BulkQueryJobs } from './bulk-query-jobs.js';
import { answerSalesforceError } from './records.js';
import { createDataRoutes } from './routes-data.js';
import { createIdentityRoutes } from './routes-identity.js';
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
  router.use(createIdentityRoutes(sessions, store, options.organizationId));
  const isRowLocked = options.isRowLocked ?? (() => false);
  const bulkQueryJobs = new BulkQueryJobs(store, options.now);
  router.use(createDataRoutes({ store, sessions, bulkQueryJobs, organizationId: options.organizationId, now: options.now, apiUsage: options.apiUsage, isRowLocked }));
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

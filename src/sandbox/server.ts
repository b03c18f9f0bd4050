/**
 * The sandbox: one express app serving the Salesforce emulator under `/services/...`, the Jira
 * Cloud emulator under `/rest/api/3/...`, and the controls under `/__sandbox/...`, with stats and
 * fault injection in front of both APIs. Used by the CLI, the demo, tests and benchmarks. The app's
 * route order and listening are in sandbox-http.ts.
 */
import type { Express } from 'express';
import { createSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from './salesforce/index.js';
import { createJiraEmulator, type JiraEmulator } from './jira/index.js';
import { createPagerDutyEmulator, type PagerDutyEmulator } from './pagerduty/index.js';
import { makeSalesforceId } from './salesforce/ids.js';
import { CallStats } from './controls/stats.js';
import { FaultInjector, faultConfigSchema } from './controls/faults.js';
import type { ResetOptions } from './controls/routes.js';
import { createPrng } from './controls/prng.js';
import { startActivitySimulator, type ActivitySimulator } from './controls/simulator.js';
import { createSandboxApp, listenOn } from './sandbox-http.js';

/** How to build a sandbox. Everything is optional. */
export interface SandboxOptions {
  /** Number of demo cases seeded at start and on every reset. Default 0. */
  seed?: number;
  /** Number of demo Jira issues seeded at start and on reset. Default 0. */
  jiraSeed?: number;
  /** Seed of every random choice (seed data, simulator, outbound duplicates). Default 1. */
  randomSeed?: number;
  /** Salesforce accepts only tokens its token endpoint issued, and they expire. Default false. */
  strictAuth?: boolean;
  /** Lifetime of issued Salesforce tokens in ms. Default 2 hours. */
  tokenTtlMs?: number;
  /** Default target of Jira webhooks (all events). */
  webhookUrl?: string;
  /** Secret signing Jira webhook deliveries. */
  webhookSecret?: string;
  /** Receiver of Salesforce Outbound Messages. */
  outboundUrl?: string;
  /** Outbound message tuning: fields sent and retry timing (ms). */
  outbound?: Omit<NonNullable<SalesforceEmulatorOptions['outbound']>, 'url'>;
  /** Jira webhook retry waits, ms. */
  webhookRetryDelaysMs?: readonly number[];
  /** IANA time zone of the Jira API user's profile (JQL dates are read in it). Default `Etc/UTC`. */
  jiraUserTimeZone?: string;
  /** 18-character Salesforce org id. Default a fixed 00D… id. */
  organizationId?: string;
  /** PEM public key verifying JWT bearer assertions; structure and claims are checked regardless. */
  jwtPublicKey?: string;
  /** Required client credentials for the client_credentials grant; any non-empty pair when absent. */
  clientCredentials?: { clientId: string; clientSecret: string };
  /** Random activity in both systems (demo mode). Default off. */
  simulator?: { intervalMs: number } | false;
  /** Clock. Default the system clock. */
  now?: () => Date;
}

/** A sandbox listening on a port. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4567`: Salesforce instanceUrl and Jira host at once. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A sandbox, not yet listening. */
export interface Sandbox {
  app: Express;
  listen(port?: number, host?: string): Promise<RunningSandbox>;
  salesforce: SalesforceEmulator;
  jira: JiraEmulator;
  /** PagerDuty Events API v2 (`/v2/enqueue`), controls under `/__sandbox/pagerduty`, signed v3 webhooks. */
  pagerduty: PagerDutyEmulator;
  stats: CallStats;
  faults: FaultInjector;
  /** Back to the seeded start state; stats and faults cleared. */
  reset(options?: ResetOptions): { cases: number; jiraIssues: number };
  /** Stops timers (outbound retries, webhooks, simulator). `listen().close()` calls it. */
  close(): Promise<void>;
}

const DEFAULT_ORGANIZATION_ID = makeSalesforceId('00D', 1);

/** Builds a sandbox with seeded state. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? (() => new Date());
  let baseUrl = 'http://127.0.0.1';
  const publicBaseUrl = (): string => baseUrl;
  let seedCount = options.seed ?? 0;
  let jiraSeedCount = options.jiraSeed ?? 0;
  let randomSeed = options.randomSeed ?? 1;
  const runtimeRandom = createPrng(randomSeed ^ 0x5eed);
  const organizationId = options.organizationId ?? DEFAULT_ORGANIZATION_ID;

  const stats = new CallStats(now);
  const faults = new FaultInjector(now);
  const salesforce = createSalesforceEmulator({
    now,
    random: runtimeRandom,
    organizationId,
    publicBaseUrl,
    strictAuth: options.strictAuth,
    tokenTtlMs: options.tokenTtlMs,
    apiUsage: () => faults.apiUsage('salesforce'),
    outbound: { ...options.outbound, url: options.outboundUrl },
    jwtPublicKey: options.jwtPublicKey,
    clientCredentials: options.clientCredentials,
    isRowLocked: () => faults.salesforceRecordLocks.isLocked(),
    wholeSecondTimestamps: () => faults.current().salesforceRecords.wholeSecondTimestamps,
  });
  const jira = createJiraEmulator({
    now,
    random: runtimeRandom,
    publicBaseUrl,
    webhookSecret: options.webhookSecret,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs,
    searchIndexLagMs: () => faults.current().jira.searchIndexLagMs,
    ...(options.jiraUserTimeZone !== undefined ? { apiUserTimeZone: options.jiraUserTimeZone } : {}),
  });
  if (options.webhookUrl) jira.setWebhookTarget(options.webhookUrl, options.webhookSecret);
  const pagerduty = createPagerDutyEmulator({ now, publicBaseUrl });

  const reset = (resetOptions: ResetOptions = {}): { cases: number; jiraIssues: number } => {
    seedCount = resetOptions.seed ?? seedCount;
    jiraSeedCount = resetOptions.jiraSeed ?? jiraSeedCount;
    randomSeed = resetOptions.randomSeed ?? randomSeed;
    salesforce.reset();
    jira.reset();
    pagerduty.reset();
    if (options.webhookUrl) jira.setWebhookTarget(options.webhookUrl, options.webhookSecret);
    const seedRandom = createPrng(randomSeed);
    salesforce.seed(seedCount, seedRandom);
    jira.seed(jiraSeedCount);
    stats.clear();
    faults.configure(faultConfigSchema.parse({}));
    faults.clearUsage();
    return { cases: seedCount, jiraIssues: jiraSeedCount };
  };
  reset();

  const app = createSandboxApp({
    salesforce,
    jira,
    pagerduty,
    stats,
    faults,
    now,
    reset,
    baseUrl: publicBaseUrl,
    organizationId,
    strictAuth: options.strictAuth ?? false,
    webhookSecret: options.webhookSecret,
  });

  let simulator: ActivitySimulator | undefined;
  const close = async (): Promise<void> => {
    simulator?.stop();
    simulator = undefined;
    await Promise.all([salesforce.close(), jira.close()]);
  };

  return {
    app,
    salesforce,
    jira,
    pagerduty,
    stats,
    faults,
    reset,
    close,
    async listen(port = 0, host = '127.0.0.1') {
      const listening = await listenOn(app, port, host);
      baseUrl = listening.url;
      if (options.simulator) {
        simulator = startActivitySimulator(options.simulator.intervalMs, runtimeRandom, [salesforce.simulateStep, jira.simulateStep]);
      }
      return {
        url: baseUrl,
        port: listening.port,
        close: async () => {
          await close();
          listening.server.closeAllConnections();
          await new Promise<void>((done) => listening.server.close(() => done()));
        },
      };
    },
  };
}

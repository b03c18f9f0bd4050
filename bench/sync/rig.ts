/**
 * What the sync benchmark drives: a sandbox on loopback (both emulators, reached through the real
 * jsforce and jira.js clients), a migrated database (in-memory PGlite, or a throwaway schema on
 * DATABASE_URL), the pg-boss queue and a SyncEngine. Mirrors the production wiring in
 * src/runtime/ without the parts a benchmark does not need (config reload, simulator, banner).
 */
import { randomBytes } from 'node:crypto';
import { Version3Client } from 'jira.js';
import { pino } from 'pino';
import type PgBoss from 'pg-boss';
import { connectSalesforce } from '../../src/adapters/salesforce/connect.js';
import { createSalesforceCaseSystem } from '../../src/adapters/salesforce/case-system.js';
import { createJiraIssueSystem } from '../../src/adapters/jira/issue-system.js';
import { listJiraFields } from '../../src/adapters/jira/fields.js';
import { jiraFieldsToRead } from '../../src/engine/read-fields.js';
import { createRequestRetry } from '../../src/engine/retry.js';
import type { RetryHooks } from '../../src/engine/retry.js';
import { resolveConfiguredJiraFields } from '../../src/runtime/jira-field-ids.js';
import { migrateLatest, openDatabase } from '../../src/adapters/store/database.js';
import type { Database } from '../../src/adapters/store/database.js';
import type { SyncConfig } from '../../src/config/schemas/sync.js';
import type { EngineContext } from '../../src/engine/context.js';
import { SyncEngine } from '../../src/engine/engine.js';
import { QUEUES, startQueue } from '../../src/engine/queue.js';
import { createLogger } from '../../src/logging.js';
import { createSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../src/sandbox/server.js';

export interface SyncRig {
  sandbox: Sandbox;
  running: RunningSandbox;
  db: Database;
  boss: PgBoss;
  engine: SyncEngine;
  context: EngineContext;
  /** Secret the sandbox signs Jira webhook deliveries with. */
  webhookSecret: string;
  /** Retries the engine made (each one is an extra API call worth knowing about). */
  retries: Array<{ operation: string; waitMs: number }>;
  close(): Promise<void>;
}

export interface SyncRigOptions {
  sync: SyncConfig;
  /** PostgreSQL URL; absent means in-memory PGlite. */
  databaseUrl?: string;
  /** Jobs per engine batch. */
  batchSize: number;
  /** Engine log level; lines go to stderr so stdout stays one JSON object. */
  logLevel: string;
}

export async function startSyncRig(options: SyncRigOptions): Promise<SyncRig> {
  const webhookSecret = randomBytes(24).toString('hex');
  const sandbox = createSandbox({ seed: 0, webhookSecret });
  const running = await sandbox.listen(0, '127.0.0.1');
  // A throwaway schema on a real server, so a benchmark never touches anyone's tables.
  const schema = options.databaseUrl ? `bench_sync_${randomBytes(4).toString('hex')}` : undefined;
  const db = await openDatabase({ url: options.databaseUrl, schema, poolMax: 8 });
  await migrateLatest(db.knex);

  const connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'bench-session' });
  const client = new Version3Client({ host: running.url, authentication: { basic: { email: options.sync.jira.integrationEmail, apiToken: 'bench-token' } } });
  // Custom fields are named in the config and resolved to the site's ids at start, as production does.
  const resolved = resolveConfiguredJiraFields({ sync: options.sync }, await listJiraFields(client));
  if (!resolved.ok) throw new Error(`Jira fields: ${resolved.problems.join('; ')}`);
  const sync = resolved.files.sync!;
  const retries: SyncRig['retries'] = [];
  const onRetry: RetryHooks['onRetry'] = (info) => retries.push({ operation: info.operation, waitMs: info.waitMs });
  // The one retry layer, per request, as production builds it (src/runtime/systems.ts).
  const retry = createRequestRetry(sync.retries, { onRetry });
  const context: EngineContext = {
    db: db.knex,
    config: sync,
    cases: createSalesforceCaseSystem({ connection, integrationUserId: sandbox.salesforce.people().integrationUserId, retry }),
    issues: createJiraIssueSystem({ client, baseUrl: running.url, extraFields: jiraFieldsToRead(sync), caseLabelPrefix: sync.jira.caseLabel.split('{caseId}')[0] ?? 'sfcase-', retry }),
    logger: createLogger({ level: options.logLevel, destination: pino.destination(2) }),
    intentLeaseMs: sync.engine.createLeaseSeconds * 1000,
    retry: { onRetry },
    workflows: new Map(),
  };
  const boss = await startQueue(db, { retryLimit: sync.retries.maxAttempts });
  const engine = new SyncEngine(context, boss, { batchSize: options.batchSize });

  return {
    sandbox,
    running,
    db,
    boss,
    engine,
    context,
    webhookSecret,
    retries,
    close: async () => {
      await engine.stop();
      // pg-boss 10's offWork does not wait for the batch in hand; a graceful stop does.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      await running.close();
      if (db.kind === 'postgres' && db.schema !== 'public') {
        await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
        await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}_pgboss" CASCADE`);
      }
      await db.close();
    },
  };
}

/** Zeroes the sandbox's call counters (setup calls are not part of what is measured). */
export async function clearCallStats(rig: SyncRig): Promise<void> {
  const response = await fetch(`${rig.running.url}/__sandbox/stats`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`sandbox refused to clear stats: ${response.status}`);
}

/**
 * Waits until no job is queued, retrying or active on either queue: a batch can still be
 * finishing (comments, audit) after its case writes are visible. False on timeout.
 */
export async function waitForIdleQueues(rig: SyncRig, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pending = 0;
    for (const name of Object.values(QUEUES)) pending += (await rig.boss.getQueueSize(name, { before: 'completed' })) ?? 0;
    if (pending === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

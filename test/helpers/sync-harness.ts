/**
 * A sync engine wired to a fresh sandbox over loopback HTTP (real jsforce and jira.js) and to a
 * per-suite database: what the sync integration tests and the benchmark drive.
 */
import { Version3Client } from 'jira.js';
import { connectSalesforce } from '../../src/adapters/salesforce/connect.js';
import { createSalesforceCaseSystem } from '../../src/adapters/salesforce/case-system.js';
import { createJiraIssueSystem } from '../../src/adapters/jira/issue-system.js';
import type { Database } from '../../src/adapters/store/database.js';
import type { SyncConfig } from '../../src/config/schemas/sync.js';
import type { EngineContext } from '../../src/engine/context.js';
import { SyncEngine } from '../../src/engine/engine.js';
import { startQueue } from '../../src/engine/queue.js';
import { createRequestRetry } from '../../src/engine/retry.js';
import { jiraFieldsToRead } from '../../src/engine/read-fields.js';
import { createLogger } from '../../src/logging.js';
import { createSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox, SandboxOptions } from '../../src/sandbox/server.js';
import { givenClassificationConfig, givenSyncConfig } from '../unit/sync/given.js';
import { dropTestDatabase, givenMigratedDatabase } from './database.js';

export interface SyncHarness {
  sandbox: Sandbox;
  running: RunningSandbox;
  db: Database;
  engine: SyncEngine;
  context: EngineContext;
  config: SyncConfig;
  /** Waits the retry policy asked for (recorded instead of slept when `fakeSleep`). */
  waits: Array<{ operation: string; waitMs: number; retryAfterMs?: number }>;
  actSalesforce(action: Record<string, unknown>): Promise<{ id: string }>;
  actJira(action: Record<string, unknown>): Promise<unknown>;
  /** Poll both feeds and drain the queues, repeatedly, until a pass does nothing. */
  settle(maxRounds?: number): Promise<number>;
  close(): Promise<void>;
}

export async function givenSyncHarness(
  suite: string,
  options: { sandbox?: SandboxOptions; intentLeaseMs?: number; fakeSleep?: boolean; config?: SyncConfig; batchSize?: number; rateLimitDeferMs?: number } = {},
): Promise<SyncHarness> {
  const sandbox = createSandbox({ seed: 0, ...options.sandbox });
  const running = await sandbox.listen(0, '127.0.0.1');
  const db = await givenMigratedDatabase(suite);
  const config = options.config ?? givenSyncConfig();
  const connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'test-session' });
  const client = new Version3Client({ host: running.url, authentication: { basic: { email: config.jira.integrationEmail, apiToken: 'test-token' } } });
  const boss = await startQueue(db, { retryLimit: 3, retryDelaySeconds: 1 });
  const waits: SyncHarness['waits'] = [];
  // The one retry layer, per request, as production builds it (src/runtime/systems.ts).
  const retry = createRequestRetry(config.retries, {
    ...(options.fakeSleep ? { sleep: async () => undefined } : {}),
    onRetry: (info) => waits.push({ operation: info.operation, waitMs: info.waitMs, retryAfterMs: (info.error as { retryAfterMs?: number }).retryAfterMs }),
  });
  const context: EngineContext = {
    db: db.knex,
    config,
    cases: createSalesforceCaseSystem({ connection, integrationUserId: sandbox.salesforce.people().integrationUserId, retry }),
    issues: createJiraIssueSystem({ client, baseUrl: running.url, extraFields: jiraFieldsToRead(config), retry }),
    logger: createLogger({ level: 'silent' }),
    intentLeaseMs: options.intentLeaseMs ?? 60_000,
    workflows: new Map(),
    classification: { config: givenClassificationConfig() },
  };
  const engine = new SyncEngine(context, boss, { batchSize: options.batchSize, rateLimitDeferMs: options.rateLimitDeferMs });

  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${running.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as { ok?: boolean; result?: unknown; error?: unknown };
    if (!response.ok) throw new Error(`sandbox ${path} refused: ${JSON.stringify(json)}`);
    return json;
  };

  return {
    sandbox,
    running,
    db,
    engine,
    context,
    config,
    waits,
    actSalesforce: async (action) => {
      const json = await control('actors', { system: 'salesforce', ...action });
      return (json.result ?? json) as { id: string };
    },
    actJira: async (action) => (await control('actors', { system: 'jira', ...action })).result,
    settle: async (maxRounds = 6) => {
      let total = 0;
      for (let round = 0; round < maxRounds; round++) {
        await engine.pollOnce();
        const done = await engine.drain();
        total += done;
        if (done === 0) return total;
      }
      return total;
    },
    close: async () => {
      await engine.stop();
      await boss.stop({ graceful: false, wait: true });
      await running.close();
      await dropTestDatabase(db);
    },
  };
}

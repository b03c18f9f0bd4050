/**
 * What a test needs to run `casebridge sync --once` as child processes against a sandbox it owns:
 * the sandbox in this process (so its store and fault controls are at hand), a copy of the
 * example config with engine overrides, a database schema of its own (DATABASE_URL) or a PGlite
 * data directory, and the environment every child gets. `migrate` runs once in `start`.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/store/database.js';
import type { Database } from '../../src/adapters/store/database.js';
import { createSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox, SandboxOptions } from '../../src/sandbox/server.js';
import { runCli } from './cli.js';
import { testDatabaseUrl } from './database.js';

export interface CliSyncRig {
  sandbox: Sandbox;
  running: RunningSandbox;
  /** Environment of every `casebridge` child. */
  env: Record<string, string | undefined>;
  /** The database the children use (close it before the next child starts on PGlite). */
  openDatabase(): Promise<Database>;
  /** Replaces the sandbox's fault config through its control API (validated like any client's). */
  setFaults(config: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface CliSyncRigOptions {
  /** Unique per suite: names the database schema and temp directories. */
  suite: string;
  sandbox: SandboxOptions;
  /** YAML appended to the example sync.yaml (an `engine:` block, say). */
  syncYamlExtra?: string;
}

export async function startCliSyncRig(options: CliSyncRigOptions): Promise<CliSyncRig> {
  const sandbox = createSandbox(options.sandbox);
  const running = await sandbox.listen(0, '127.0.0.1');
  const configDir = mkdtempSync(path.join(tmpdir(), `casebridge-${options.suite}-config-`));
  cpSync('config', configDir, { recursive: true });
  if (options.syncYamlExtra) {
    const syncYaml = path.join(configDir, 'sync.yaml');
    writeFileSync(syncYaml, `${readFileSync(syncYaml, 'utf8')}\n${options.syncYamlExtra}\n`);
  }
  const schema = `t_${options.suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
  const dataDir = testDatabaseUrl() ? undefined : mkdtempSync(path.join(tmpdir(), `casebridge-${options.suite}-data-`));
  const database = dataDir ? { CASEBRIDGE_DATA_DIR: dataDir } : { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema };
  const env = {
    ...database,
    CASEBRIDGE_CONFIG_DIR: configDir,
    SALESFORCE_INSTANCE_URL: running.url,
    SALESFORCE_ACCESS_TOKEN: `${options.suite}-session`,
    JIRA_BASE_URL: running.url,
    JIRA_EMAIL: 'casebridge@integration.example',
    JIRA_API_TOKEN: `${options.suite}-token`,
    JIRA_WEBHOOK_SECRET: `${options.suite}-webhook-secret`,
    LOG_LEVEL: 'info',
    // The example config alerts on Slack and by e-mail; these children have neither, on purpose.
    NOTIFICATIONS: 'off',
  };
  const migrated = await runCli(['migrate'], env);
  assert.equal(migrated.code, 0, migrated.stderr);

  return {
    sandbox,
    running,
    env,
    openDatabase: () => (dataDir ? openDatabase({ dataDir: path.join(dataDir, 'pglite') }) : openDatabase({ url: testDatabaseUrl(), schema })),
    setFaults: async (config) => {
      const response = await fetch(`${running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
      assert.equal(response.status, 200, `sandbox refused the fault config: ${await response.text()}`);
    },
    close: async () => {
      await running.close();
      if (!dataDir) await dropSchemas(schema);
      rmSync(configDir, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchemas(schema: string): Promise<void> {
  const db = await openDatabase({ url: testDatabaseUrl() });
  try {
    await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
  } finally {
    await db.close();
  }
}

/**
 * The casebridge side of `bench backfill` and `bench soak`: jsforce and jira.js against emulators
 * at `url` (another process), a migrated database (a throwaway schema on DATABASE_URL, or PGlite),
 * the request retry and an EngineContext wired as production wires them (src/runtime/).
 */
import { randomBytes } from 'node:crypto';
import { Version3Client } from 'jira.js';
import { pino } from 'pino';
import { connectSalesforce } from '../src/adapters/salesforce/connect.js';
import { createSalesforceCaseSystem } from '../src/adapters/salesforce/case-system.js';
import { createJiraIssueSystem } from '../src/adapters/jira/issue-system.js';
import { listJiraFields } from '../src/adapters/jira/fields.js';
import { jiraFieldsToRead } from '../src/engine/read-fields.js';
import { createRequestRetry } from '../src/engine/retry.js';
import { resolveConfiguredJiraFields } from '../src/runtime/jira-field-ids.js';
import { migrateLatest, openDatabase } from '../src/adapters/store/database.js';
import type { Database } from '../src/adapters/store/database.js';
import type { SyncConfig } from '../src/config/schemas/sync.js';
import type { EngineContext } from '../src/engine/context.js';
import { createLogger } from '../src/logging.js';

export interface BackfillRig {
  db: Database;
  context: EngineContext;
  close(): Promise<void>;
}

export async function startBackfillRig(options: { sync: SyncConfig; url: string; databaseUrl?: string; integrationUserId?: string }): Promise<BackfillRig> {
  const schema = options.databaseUrl ? `bench_backfill_${randomBytes(4).toString('hex')}` : undefined;
  const db = await openDatabase({ url: options.databaseUrl, schema, poolMax: 8 });
  await migrateLatest(db.knex);
  const connection = await connectSalesforce({ kind: 'token', instanceUrl: options.url, accessToken: 'bench-session' });
  const client = new Version3Client({ host: options.url, authentication: { basic: { email: options.sync.jira.integrationEmail, apiToken: 'bench-token' } } });
  const resolved = resolveConfiguredJiraFields({ sync: options.sync }, await listJiraFields(client));
  if (!resolved.ok) throw new Error(`Jira fields: ${resolved.problems.join('; ')}`);
  const sync = resolved.files.sync!;
  const retry = createRequestRetry(sync.retries, {});
  const context: EngineContext = {
    db: db.knex,
    config: sync,
    cases: createSalesforceCaseSystem({ connection, retry, ...(options.integrationUserId ? { integrationUserId: options.integrationUserId } : {}) }),
    issues: createJiraIssueSystem({
      client,
      baseUrl: options.url,
      extraFields: jiraFieldsToRead(sync),
      caseLabelPrefix: sync.jira.caseLabel.split('{caseId}')[0] ?? 'sfcase-',
      retry,
      bulkCreateConcurrency: sync.jira.bulkCreateConcurrency,
    }),
    logger: createLogger({ level: 'warn', destination: pino.destination(2) }),
    intentLeaseMs: sync.engine.createLeaseSeconds * 1000,
    workflows: new Map(),
  };
  return {
    db,
    context,
    close: async () => {
      if (db.kind === 'postgres' && db.schema !== 'public') await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
      await db.close();
    },
  };
}

/**
 * Safe first start: a production deployment connected to an org full of old escalated cases mirrors
 * none of them on its first start (history is `backfill --since`'s job); a case escalated after the
 * first start is mirrored; a restart keeps the stored first-start instant.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { Config } from '../../../src/config/index.js';
import { openDatabase, migrateLatest } from '../../../src/adapters/store/database.js';
import { getCursor } from '../../../src/adapters/store/cursors.js';
import { FIRST_START_CURSOR } from '../../../src/engine/feeds/first-start.js';
import { createLogger } from '../../../src/logging.js';
import { engineOf, openRuntime } from '../../../src/runtime/open-runtime.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { testDatabaseUrl } from '../../helpers/database.js';

describe('first start of a production deployment (sandbox org with history)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let config: Config;
  let dataDir: string | undefined;
  const schema = `t_first_start_${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'silent' });

  before(async () => {
    // 300 demo cases modified over the seed window: many escalated, all older than the first start.
    sandbox = createSandbox({ seed: 300 });
    running = await sandbox.listen(0, '127.0.0.1');
    dataDir = testDatabaseUrl() ? undefined : mkdtempSync(path.join(tmpdir(), 'casebridge-first-start-'));
    const database = dataDir ? { CASEBRIDGE_DATA_DIR: dataDir } : { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema };
    const loaded = loadConfig({
      configDir: 'config',
      env: {
        ...database,
        SALESFORCE_INSTANCE_URL: running.url,
        SALESFORCE_ACCESS_TOKEN: 'first-start-session',
        JIRA_BASE_URL: running.url,
        JIRA_EMAIL: 'casebridge@integration.example',
        JIRA_API_TOKEN: 'first-start-token',
        JIRA_WEBHOOK_SECRET: 'first-start-webhook-secret',
        NOTIFICATIONS: 'off',
      },
    });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    config = loaded.config;
    assert.equal(config.mode, 'production');
    // The release phase: production start refuses a schema with pending migrations.
    const db = await openDatabase(dataDir ? { dataDir: path.join(dataDir, 'pglite') } : { url: testDatabaseUrl(), schema });
    await migrateLatest(db.knex);
    await db.close();
  });

  after(async () => {
    await running?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    else {
      const db = await openDatabase({ url: testDatabaseUrl() });
      await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
      await db.close();
    }
  });

  const escalatedCases = () => sandbox.salesforce.store.list('Case').filter((c) => c.Escalate_to_Jira__c === true);

  it('mirrors none of the old escalated cases, then mirrors a case escalated afterwards', async () => {
    const oldEscalated = escalatedCases().length;
    assert.ok(oldEscalated >= 20, `the org has history to ignore (${oldEscalated} escalated cases)`);

    const runtime = await openRuntime(config, logger);
    let firstStartAt: string | undefined;
    try {
      const engine = engineOf(runtime).engine;
      await engine.pollOnce();
      await engine.drain();
      assert.equal(engine.stats.created, 0, 'no issue for a case escalated before the first start');
      assert.equal(Number((await runtime.db.knex('links').count<Array<{ count: string }>>('* as count'))[0]!.count), 0);
      firstStartAt = await getCursor(runtime.db.knex, FIRST_START_CURSOR);
      assert.ok(firstStartAt, 'the first start is stored');

      const quiet = sandbox.salesforce.store.list('Case').find((c) => c.Escalate_to_Jira__c !== true && c.IsClosed !== true && c.Topic__c);
      assert.ok(quiet, 'an open, not escalated case to escalate');
      const edited = await sandbox.salesforce.runActor({ system: 'salesforce', action: 'editCase', caseId: String(quiet.Id), fields: { Escalate_to_Jira__c: true, Status: 'Escalated' } });
      assert.ok(edited.ok);
      await engine.pollOnce();
      await engine.drain();
      const links = await runtime.db.knex('links').select('case_id');
      assert.deepEqual(
        links.map((l) => l.case_id),
        [quiet.Id],
        'exactly the case escalated after the first start',
      );
    } finally {
      await runtime.close();
    }

    // A restart is not a first start: the stored instant stays.
    const again = await openRuntime(config, logger, { queue: false });
    try {
      assert.equal(await getCursor(again.db.knex, FIRST_START_CURSOR), firstStartAt);
    } finally {
      await again.close();
    }
  });
});

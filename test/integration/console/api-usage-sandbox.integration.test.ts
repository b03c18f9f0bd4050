/**
 * API usage end to end: casebridge in sandbox mode syncs against the emulators; the budget headers
 * its requests get back (Salesforce `Sforce-Limit-Info`, Jira's rate-limit headers on a 429) are
 * recorded, written to api_usage within the flush interval, and shown by /health and /metrics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/logging.js';
import { startCasebridge } from '../../../src/runtime/start.js';
import type { RunningCasebridge } from '../../../src/runtime/start.js';
import { readApiUsage } from '../../../src/adapters/store/api-usage.js';
import type { ApiUsage } from '../../../src/adapters/store/api-usage.js';
import { faultConfigSchema } from '../../../src/sandbox/controls/faults.js';
import { testDatabaseUrl } from '../../helpers/database.js';

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('API usage from a sandbox sync', function () {
  this.timeout(120_000);
  let dataDir: string;
  let running: RunningCasebridge;
  const schema = `t_api_usage_e2e_${randomBytes(4).toString('hex')}`;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-api-usage-'));
    const url = testDatabaseUrl();
    const loaded = loadConfig({
      configDir: 'config',
      env: { LOG_LEVEL: 'silent', NOTIFICATIONS: 'off', CASEBRIDGE_DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}) },
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    running = await startCasebridge({ config: loaded.config, logger: createLogger({ level: 'silent' }), role: 'all', port: 0, sandbox: { seed: 6, simulatorIntervalMs: false } });
  });
  after(async () => {
    await running?.stop();
    if (running?.db.kind === 'postgres' || testDatabaseUrl()) {
      const { openDatabase } = await import('../../../src/adapters/store/database.js');
      const db = await openDatabase({ url: testDatabaseUrl() });
      await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
      await db.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records what Salesforce reports of the daily allowance and shows it on /health and in /metrics', async () => {
    const sandbox = running.systems.sandbox!.sandbox;
    // An org with a small allowance, so the figure shown is the emulator's header and no default.
    sandbox.faults.configure(faultConfigSchema.parse({ dailyApiLimit: { salesforce: 5000 } }));
    await running.engine.engine.pollOnce();
    const usage = await waitFor('the Salesforce row', async () => {
      const row = (await readApiUsage(running.db.knex)).find((u) => u.system === 'salesforce');
      return row?.dailyLimit === 5000 ? row : undefined;
    });
    const emulated = sandbox.faults.apiUsage('salesforce');
    assert.ok(usage.dailyUsed! > 0 && usage.dailyUsed! <= emulated.used, `recorded ${usage.dailyUsed}, emulator counted ${emulated.used}`);
    assert.ok(usage.requestsCount > 0);

    const health = await (await fetch(`${running.url}/health`)).text();
    // The runtime's queue is read from pg-boss's own tables.
    assert.match(health, /<td title="case-to-jira">cases → Jira<\/td><td class="num">\d+<\/td>/);
    assert.match(health, new RegExp(`<tr data-system="salesforce">[\\s\\S]*?${usage.dailyUsed!.toLocaleString('en-US')} / 5,000`));
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    assert.match(metrics, /casebridge_api_daily_limit\{system="salesforce"\} 5000/);
    const used = Number(/casebridge_api_daily_used\{system="salesforce"\} (\d+)/.exec(metrics)?.[1]);
    assert.ok(used >= usage.dailyUsed!, `gauge ${used} >= ${usage.dailyUsed}`);
  });

  it('records a Jira 429 with its rate-limit headers as a refusal', async () => {
    const sandbox = running.systems.sandbox!.sandbox;
    sandbox.faults.configure(faultConfigSchema.parse({ rules: [{ system: 'jira', route: '*search*', errorRate: 1, status: 429, retryAfterSeconds: 0 }] }));
    // One search through the runtime's own (watched) Jira client: the retry layer would wait and try again.
    const jiraClient = running.systems.clients.jira;
    await assert.rejects(jiraClient.sendRequest({ url: '/rest/api/3/search/jql', method: 'GET', params: { jql: 'project = PAY' } }, undefined as never));
    sandbox.faults.configure(faultConfigSchema.parse({}));
    const jira: ApiUsage = await waitFor('the Jira refusal', async () => {
      const row = (await readApiUsage(running.db.knex)).find((u) => u.system === 'jira');
      return row && row.throttledCount > 0 ? row : undefined;
    });
    assert.equal(jira.windowLimit, 100);
    assert.equal(jira.windowRemaining, 0);
    assert.ok(jira.lastThrottledAt);
    const health = await (await fetch(`${running.url}/health`)).text();
    assert.match(health, /<tr data-system="jira">[\s\S]*?0 of 100 left/);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    assert.match(metrics, /casebridge_api_throttled_today\{system="jira"\} [1-9]/);
  });

  it('records X-RateLimit-NearLimit once less than a fifth of the Jira budget is left', async () => {
    const sandbox = running.systems.sandbox!.sandbox;
    sandbox.faults.configure(faultConfigSchema.parse({ dailyApiLimit: { jira: sandbox.faults.apiUsage('jira').used + 3 } }));
    await running.systems.clients.jira.sendRequest({ url: '/rest/api/3/myself', method: 'GET' }, undefined as never);
    sandbox.faults.configure(faultConfigSchema.parse({}));
    await waitFor('near limit', async () => ((await readApiUsage(running.db.knex)).find((u) => u.system === 'jira')?.nearLimit ? true : undefined));
    assert.match(await (await fetch(`${running.url}/health`)).text(), /<tr data-system="jira">[\s\S]*?near limit/);
  });
});

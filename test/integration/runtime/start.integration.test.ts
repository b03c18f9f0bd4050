import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCli, waitForOk } from '../../helpers/cli.js';
import { MIGRATIONS } from '../../../migrations/index.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SECRETS = {
  ADMIN_TOKEN: 'admin-token-SECRET-0a1b2c3d4e',
  JIRA_WEBHOOK_SECRET: 'webhook-SECRET-5f6a7b8c9d0e',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.example/services/T000/B000/SECRETslackpath',
  SMTP_URL: 'smtp://mailer:SECRET-smtp-pass@127.0.0.1:2525',
};

describe('casebridge start (child process)', function () {
  this.timeout(60_000);

  it('serves /healthz on embedded PGlite with no credentials, keeps secrets out of logs, and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-data-'));
    const started = startCli(['start'], { PORT: String(port), CASEBRIDGE_DATA_DIR: dataDir, LOG_LEVEL: 'trace', ...SECRETS });
    try {
      const tookMs = await waitForOk(`http://127.0.0.1:${port}/healthz`, 30_000);
      assert.ok(tookMs < 30_000);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready', problems: [] });
      // A request carrying a secret in a header must not leak it either.
      await fetch(`http://127.0.0.1:${port}/nowhere`, { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } });
      const admin = await fetch(`http://127.0.0.1:${port}/admin/stats`, { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } });
      assert.equal(admin.status, 200, 'the admin API is mounted and opened by ADMIN_TOKEN');
      // Sandbox mode listens on loopback only, and the banner says the address actually bound.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) await assert.rejects(fetch(`http://${external.address}:${port}/healthz`), 'not reachable from other machines');
      assert.match(started.output(), new RegExp(`http: http://127\\.0\\.0\\.1:${port}\\n`));
    } finally {
      const signalledAt = Date.now();
      started.child.kill('SIGTERM');
      const code = await started.exited;
      assert.equal(code, 0, started.output());
      assert.ok(Date.now() - signalledAt < 10_000, 'graceful shutdown within 10 s');
    }
    const output = started.output();
    assert.match(output, /SANDBOX/);
    for (const secret of Object.values(SECRETS)) assert.ok(!output.includes(secret), `secret leaked: ${secret}`);
    assert.ok(!output.includes('SECRET-smtp-pass'));
  });

  it('refuses to start on a bad config, naming every problem', async () => {
    const run = await runCli(['start'], { CASEBRIDGE_CONFIG_DIR: '/nonexistent', JIRA_BASE_URL: 'https://x.atlassian.net' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /refusing to start/);
    assert.match(run.stderr, /Jira is half-configured/);
    assert.match(run.stderr, /config directory does not exist/);
  });

  it('config check exits 0 with a summary on the example, 1 with problems otherwise', async () => {
    const ok = await runCli(['config', 'check', '--dir', 'config']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /config OK/);
    const bad = await runCli(['config', 'check', '--dir', 'test/fixtures/config/broken']);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /problem\(s\) found/);
  });

  it('migrate applies and reverts one step', async () => {
    // On the embedded database: the shared server's public schema is not this test's to migrate.
    const env = { CASEBRIDGE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'casebridge-mig-')) };
    const names = MIGRATIONS.map((m) => m.name);
    const up = await runCli(['migrate'], env);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stdout.trim(), `applied: ${names.join(', ')}`);
    assert.match((await runCli(['migrate'], env)).stdout, /nothing to apply/);
    assert.equal((await runCli(['migrate', '--down'], env)).stdout.trim(), `reverted: ${names.at(-1)}`, 'one step: the newest migration only');
  });
});

/**
 * The embedded database while `casebridge start` holds it: every other command that needs it says
 * in one line who holds it and how to proceed, exits non-zero, and never crashes (`Aborted()`);
 * sandbox one-shot passes run on a throwaway database; the running service loses nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/adapters/store/database.js';
import { runCli, startCli, waitForOk } from '../../helpers/cli.js';
import type { Started } from '../../helpers/cli.js';
import { freePort } from '../../helpers/free-port.js';

const ADMIN_TOKEN = 'embedded-in-use-admin-token';

describe('CLI commands while `casebridge start` holds the embedded database', function () {
  this.timeout(900_000);
  let dataDir: string;
  let env: Record<string, string>;
  let started: Started;
  let port: number;

  const stats = async () => (await (await fetch(`http://127.0.0.1:${port}/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { created: number };

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-in-use-'));
    port = await freePort();
    env = { CASEBRIDGE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    started = startCli(['start'], { ...env, PORT: String(port), ADMIN_TOKEN });
    await waitForOk(`http://127.0.0.1:${port}/healthz`, 240_000).catch((error: unknown) => {
      throw new Error(`start did not come up: ${String(error)}\n${started.output()}`);
    });
    // The demo mirrors its seeded escalated cases at once: wait for some state worth keeping.
    const deadline = Date.now() + 60_000;
    while ((await stats()).created === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.ok((await stats()).created > 0, 'the demo mirrored cases');
  });

  after(async () => {
    if (started.child.exitCode === null) started.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses each database command in one line naming the holder and the way out', async () => {
    const commands = [
      ['links', 'show', '00001001'],
      ['incidents', 'list'],
      ['dead-letters', 'list'],
      ['sla', 'report', '--from', '2026-01-01', '--to', '2026-01-02'],
    ];
    const pid = started.child.pid!;
    for (const args of commands) {
      // Database commands read only the environment: a missing config directory does not stop them.
      const run = await runCli(args, { ...env, CASEBRIDGE_CONFIG_DIR: '/nonexistent' });
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line for ${args.join(' ')}:\n${run.stderr}`);
      assert.match(lines[0]!, new RegExp(`in use by \`casebridge start\` \\(pid ${pid}, since .*\\); stop that process .* or set DATABASE_URL`));
      assert.doesNotMatch(run.stderr, /Aborted/);
    }
  });

  it('runs sandbox sync --once and backfill on a throwaway database, and the service keeps its state', async () => {
    const createdBefore = (await stats()).created;
    const sync = await runCli(['sync', '--once'], env, 170_000);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /throwaway in-memory database/);
    assert.ok((JSON.parse(sync.stdout) as { created: number }).created > 0, 'the one-shot pass mirrored its own fresh demo');
    const backfill = await runCli(['backfill', '--since', '2000-01-01', '--dry-run'], env, 170_000);
    assert.equal(backfill.code, 0, backfill.stderr);

    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200, 'the service is still ready');
    assert.ok((await stats()).created >= createdBefore);
    started.child.kill('SIGTERM');
    assert.equal(await started.exited, 0, started.output());
    assert.doesNotMatch(started.output(), /Aborted/);

    // Nothing lost: the service's links are stored, and the CLI reads them once it is stopped.
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    const links = await db.knex('links').select('case_id').where({ state: 'linked' });
    await db.close();
    assert.ok(links.length >= createdBefore && links.length > 0, `links kept: ${links.length}`);
    const shown = await runCli(['links', 'show', String(links[0]!.case_id)], env);
    assert.equal(shown.code, 0, shown.stderr);
  });
});

/**
 * `casebridge sla report` by hand, on a PGlite data directory holding two stored breaches: CSV
 * of the breaches in the window on stdout, HTML written to --out (and said so in JSON), and a
 * window that ends before it starts refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, migrateLatest } from '../../../src/adapters/store/database.js';
import { runCli } from '../../helpers/cli.js';
import { HOUR_MS, T0, givenStoredClocks } from './given-stored-clocks.js';

describe('casebridge sla report', function () {
  this.timeout(60_000);
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-sla-report-'));
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await migrateLatest(db.knex);
    await givenStoredClocks(db, [
      { id: 'X1', priority: 'P1', region: 'GB', state: 'breached', createdMs: T0, breachedMs: T0 + HOUR_MS },
      { id: 'X2', priority: 'P2', region: 'IL', state: 'breached', createdMs: T0, breachedMs: T0 + 30 * HOUR_MS },
    ]);
    await db.close();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({ CASEBRIDGE_DATA_DIR: dataDir, CASEBRIDGE_CONFIG_DIR: 'config', LOG_LEVEL: 'silent' });

  it('prints CSV of the breaches in the window', async () => {
    const run = await runCli(['sla', 'report', '--from', '2026-11-02T00:00:00Z', '--to', '2026-11-03T00:00:00Z', '--format', 'csv'], env());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
      ['X1'],
    );
  });

  it('writes HTML to --out and says so in JSON', async () => {
    const out = path.join(dataDir, 'r.html');
    const run = await runCli(['sla', 'report', '--from', '2026-11-02T00:00:00Z', '--to', '2026-11-04T00:00:00Z', '--format', 'html', '--out', out], env());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { file: out, format: 'html', breaches: 2, clocks: 2 });
    assert.match(readFileSync(out, 'utf8'), /<html[\s\S]*X2/);
  });

  it('refuses a window that ends before it starts', async () => {
    const run = await runCli(['sla', 'report', '--from', '2026-11-04T00:00:00Z', '--to', '2026-11-02T00:00:00Z'], env());
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--from must be before --to/);
  });
});

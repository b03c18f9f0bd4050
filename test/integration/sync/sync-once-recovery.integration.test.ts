/**
 * `sync --once` after a crash: a run killed (SIGKILL) during its drain leaves queue jobs active.
 * Only pg-boss's maintenance, which runs inside a long-running process, would expire them; the
 * next one-shot runs must recover them themselves, or their cases never get an issue.
 */
import assert from 'node:assert/strict';
import { startCliSyncRig } from '../../helpers/cli-sync-rig.js';
import type { CliSyncRig } from '../../helpers/cli-sync-rig.js';
import { countWriteCalls, runSyncOnce } from '../../helpers/sync-once-runs.js';
import { queueSchemaOf } from '../../../src/engine/queue.js';

const CASES = 20;

describe('sync --once recovers what a killed run left (child processes)', function () {
  this.timeout(180_000);
  let rig: CliSyncRig;

  before(async () => {
    // Batches of 5, and every call slowed a little, so that the kill lands inside the drain.
    rig = await startCliSyncRig({ suite: 'sync_once_recovery', sandbox: { seed: 0 }, syncYamlExtra: 'engine: { batchSize: 5, createLeaseSeconds: 300 }' });
    for (let i = 0; i < CASES; i++) {
      const outcome = await rig.sandbox.salesforce.runActor({
        system: 'salesforce',
        action: 'createCase',
        fields: { Subject: `Crash test ${i}`, Status: 'Escalated', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true },
      });
      assert.ok(outcome.ok);
    }
  });
  after(() => rig?.close());

  const stats = async () => (await (await fetch(`${rig.running.url}/__sandbox/stats`)).json()) as Parameters<typeof countWriteCalls>[0];
  /** Cases of the sandbox org with a Jira key, and issues per case label. */
  const census = async () => {
    const db = await rig.openDatabase();
    try {
      const linked = await db.knex('links').where({ state: 'linked' }).count<{ count: string }[]>('* as count');
      const active = await db.knex.raw(`SELECT count(*)::int AS n FROM "${queueSchemaOf(db)}".job WHERE state = 'active'`);
      return { linked: Number(linked[0]!.count), active: (active.rows[0] as { n: number }).n };
    } finally {
      await db.close();
    }
  };

  it('hands the dead run’s active jobs back and mirrors every case, once', async () => {
    await rig.setFaults({ seed: 1, rules: [{ system: 'jira', latencyMs: 150 }] });
    let writes = countWriteCalls(await stats());
    const watch = setInterval(() => void stats().then((s) => (writes = countWriteCalls(s))), 20);
    const killed = await runSyncOnce(rig.env, { kill: { afterWrites: 2, delayMs: 50 }, writeCalls: () => writes });
    clearInterval(watch);
    assert.ok(killed.killed, `the run was killed mid-drain: ${killed.output.slice(-500)}`);
    await rig.setFaults({ seed: 1, rules: [] });
    const left = await census();
    assert.ok(left.active > 0, 'the killed run left active jobs');
    assert.ok(left.linked < CASES, 'and cases without an issue');

    // Time passes: the dead run's jobs and create intents outlive their expiry and lease.
    const db = await rig.openDatabase();
    try {
      await db.knex.raw(`UPDATE "${queueSchemaOf(db)}".job SET started_on = started_on - interval '1 hour' WHERE state = 'active'`);
      await db.knex.raw(`UPDATE links SET updated_at = updated_at - interval '1 hour' WHERE state = 'creating'`);
    } finally {
      await db.close();
    }

    const next = await runSyncOnce(rig.env);
    assert.equal(next.code, 0, next.output.slice(-2000));
    assert.ok(Number(next.summary?.recoveredJobs) > 0, JSON.stringify(next.summary));
    const after = await census();
    assert.deepEqual(after, { linked: CASES, active: 0 });
    const response = await fetch(`${rig.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic eDp5' },
      body: JSON.stringify({ jql: 'project = DRV', fields: ['labels'], maxResults: 100 }),
    });
    const found = ((await response.json()) as { issues: Array<{ fields: { labels: string[] } }> }).issues;
    const caseLabels = found.flatMap((i) => i.fields.labels.filter((l) => l.startsWith('sfcase-')));
    assert.equal(caseLabels.length, CASES, 'one issue per case');
    assert.equal(new Set(caseLabels).size, CASES, 'no case has two');
  });
});

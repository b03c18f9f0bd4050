/**
 * Scale-out: one `--role web`, one extra `--role scheduler` and three `--role worker` processes on
 * one PostgreSQL, against a sandbox running in this process. Agents create escalated cases (pushed
 * by Outbound Messages), developers then change every issue twice in quick succession (two signed
 * webhooks per issue). Afterwards: one issue per case, every change on its case, every job run once
 * and never two jobs of one record at the same time, the work spread over all three workers, and
 * every breach-report slot fired by exactly one of the two schedulers.
 * PostgreSQL only: the embedded database belongs to one process.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { openDatabase } from '../../../src/adapters/store/database.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { testDatabaseUrl } from '../../helpers/database.js';
import { takeCensus } from '../../helpers/sync-census.js';
import { createCluster, waitFor } from './cluster.js';
import type { Cluster } from './cluster.js';
import { findOverlappingJobs, pendingJobs, readQueueJobs } from './queue-jobs.js';
import type { QueueJobRow } from './queue-jobs.js';

const CASES = 120;
const TOPICS = ['driver_app', 'rider_app', 'payments_billing', 'corporate_portal', 'dispatch_pricing', 'account_access'];
const EVERY_MINUTE_REPORT = '  - { name: every-minute, cron: "* * * * *", timezone: UTC, window: 30m, catchUpLimit: 4, formats: [csv], outputs: { directory: reports-every-minute } }';

describe('many workers on one PostgreSQL (web + scheduler + 3 workers, child processes)', function () {
  // About 30 s on a quiet 2-core machine (five Node processes start); generous for a loaded one.
  this.timeout(480_000);
  const url = testDatabaseUrl();
  const schema = `t_scale_${randomBytes(3).toString('hex')}`;
  const webhookSecret = randomBytes(16).toString('hex');
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let cluster: Cluster | undefined;
  let db: Database;

  before(async function () {
    if (!url) return this.skip();
    sandbox = createSandbox({ seed: 0, webhookSecret });
    running = await sandbox.listen(0, '127.0.0.1');
    // Opened first, so the schemas are dropped even when the cluster fails to start.
    db = await openDatabase({ url, schema });
    cluster = createCluster({
      databaseUrl: url,
      schema,
      sandboxUrl: running.url,
      webhookSecret,
      workers: 3,
      schedulers: 1,
      // Small batches, so the work comes in many batches the workers share.
      syncYaml: 'engine: { batchSize: 10 }',
      reportsYaml: EVERY_MINUTE_REPORT,
    });
    await cluster.start();
    sandbox.salesforce.setOutboundUrl(`${cluster.webUrl}/webhooks/salesforce`);
    sandbox.jira.setWebhookTarget(`${cluster.webUrl}/webhooks/jira`, webhookSecret);
    // Every call takes a while, so batches of several workers really run side by side.
    await putFaults(running.url, {
      rules: [
        { system: 'salesforce', latencyMs: 20 },
        { system: 'jira', latencyMs: 20 },
      ],
    });
  });

  after(async () => {
    await cluster?.stop();
    await running?.close();
    if (db) {
      await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
      await db.close();
    }
  });

  it('shares the work: each record once at a time, one issue per case, every change mirrored, every slot fired once', async () => {
    const store = sandbox.salesforce.store;
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const outcome = await sandbox.salesforce.runActor({
        system: 'salesforce',
        action: 'createCase',
        fields: { Subject: `Scale case ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: TOPICS[i % TOPICS.length] },
      });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      caseIds.push((outcome.result as { id: string }).id);
    }
    const keyOf = (caseId: string) => store.get('Case', caseId)?.Jira_Key__c;
    await waitFor(
      () => caseIds.every((id) => typeof keyOf(id) === 'string'),
      180_000,
      () => `${caseIds.filter((id) => typeof keyOf(id) === 'string').length}/${CASES} keyed`,
    );

    // Two changes to every issue a few ms apart: two webhooks and two jobs for one key, often while the first runs.
    for (const caseId of caseIds) {
      const issueKey = keyOf(caseId) as string;
      assert.ok((await sandbox.jira.runActor({ type: 'transition', issueKey, toStatus: 'In Progress' })).ok);
      assert.ok((await sandbox.jira.runActor({ type: 'comment', issueKey, body: `Looking at ${issueKey}` })).ok);
    }
    const shown = (caseId: string) => store.get('Case', caseId)?.Jira_Status__c === 'In development';
    await waitFor(
      () => caseIds.every(shown),
      180_000,
      () => `${caseIds.filter(shown).length}/${CASES} show In development`,
    );
    const queueSchema = `${schema}_pgboss`;
    let pending: QueueJobRow[] = [];
    await waitFor(
      async () => (pending = pendingJobs(await readQueueJobs(db.knex, queueSchema))).length === 0,
      120_000,
      () => `jobs still pending: ${JSON.stringify(pending.slice(0, 5))}`,
    );

    const census = await takeCensus({ baseUrl: running.url, store, statusDisplay: { 'In Progress': { display: 'In development' } } });
    assert.deepEqual(census.duplicateIssues, [], 'no case has two issues');
    assert.deepEqual(census.casesWithoutIssue, [], 'every case has its issue');
    assert.deepEqual(census.duplicateCommentsOnCases, [], 'no Jira comment twice on a case');

    const jobs = await readQueueJobs(db.knex, queueSchema);
    assert.ok(jobs.length >= CASES * 2, `jobs for the cases and the issue changes (${jobs.length})`);
    assert.deepEqual(findOverlappingJobs(jobs), [], 'no two jobs of one record active at the same time');
    // A job deferred because another worker held the case's create intent waits for the lease: not run yet, by design.
    const deferred = (j: QueueJobRow) => j.state === 'created' && j.startAfterMs > Date.now();
    const rerun = jobs.filter((j) => j.retryCount > 0 || (j.state !== 'completed' && !deferred(j)));
    assert.deepEqual(rerun, [], 'every job ran once and completed (none expired and taken by a second worker)');

    const batchesPerWorker = cluster!.processes.filter((p) => p.role === 'worker').map((p) => cluster!.logOf(p.name).filter((l) => l.msg === 'synced').length);
    assert.ok(
      batchesPerWorker.every((n) => n > 0),
      `every worker synced batches: ${batchesPerWorker.join(', ')}`,
    );

    // Both schedulers ticked over the same slots; each slot is fired by one of them.
    const firedSlots = ['web', 'scheduler-1'].flatMap((name) =>
      cluster!
        .logOf(name)
        .filter((l) => l.msg === 'breach reports')
        .flatMap((l) => (l.slots as Array<{ schedule: string; slot: string }>).filter((s) => s.schedule === 'every-minute').map((s) => s.slot)),
    );
    const runs = (await db.knex('report_runs').where({ schedule: 'every-minute' }).select('slot', 'status')) as Array<{ slot: Date; status: string }>;
    assert.ok(runs.length >= 5, `the catch-up slots and the current one were claimed (${runs.length})`);
    assert.equal(firedSlots.length, runs.length, `each slot fired once: ${firedSlots.sort().join(', ')}`);
    assert.equal(new Set(firedSlots).size, firedSlots.length, 'no slot fired by both schedulers');
    const files = readdirSync(path.join(cluster!.dataDir, 'reports-every-minute'));
    assert.equal(files.length, runs.length, 'one report file per slot');
    assert.ok(
      runs.every((r) => r.status === 'done'),
      JSON.stringify(runs),
    );
  });
});

async function putFaults(baseUrl: string, config: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  assert.equal(response.status, 200, await response.text());
}

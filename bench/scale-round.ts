/**
 * One round of `bench scale`: N `casebridge start --role worker` processes (production mode) on a
 * throwaway schema of one PostgreSQL, against the emulators in a process of their own
 * (bench/scale-sandbox.ts) with a latency added to every Salesforce and Jira call.
 *
 * The clock starts when the jobs are queued (one per case, as a backfill or a poll queues them) and
 * stops when the last job has completed: a case shows its Jira key in the middle of its pass, before
 * the pass writes its SLA onto the issue, so "every case shows its key" would stop one round inside
 * its last batches and another after them. That moment is reported too (`keyedMs`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import PgBoss from 'pg-boss';
import { openDatabase } from '../src/adapters/store/database.js';
import { QUEUES } from '../src/engine/queue.js';
import { wakeupChannelOf } from '../src/engine/queue-wakeup.js';
import { createCluster, waitFor } from '../test/integration/scale/cluster.js';
import { pendingJobs, readQueueJobs } from '../test/integration/scale/queue-jobs.js';
import type { QueueJobRow } from '../test/integration/scale/queue-jobs.js';

export interface RoundSettings {
  cases: number;
  latencyMs: number;
  batchSize: number;
  /** sync.yaml `statusMap` (the census compares the cases' Jira status with it). */
  statusMap: unknown;
}

export type CallCounts = Record<'salesforce' | 'jira', Record<string, number>>;

export interface RoundResult {
  workers: number;
  wallMs: number;
  keyedMs: number;
  startMs: number;
  casesPerSecond: number;
  calls: CallCounts;
  /** Batches (jobs fetched together), their longest overlap, retried jobs and batches per worker process. */
  batches: { count: number; maxAtOnce: number; medianMs: number; retriedJobs: number; failedJobs: number; perWorker: number[] };
  census: Record<string, unknown>;
}

/**
 * Incident bursts (hundreds of cases on six services within minutes) would link every case to an
 * incident in its first pass, at times that differ per round: raised out of reach, so only the mirror
 * is timed (incident opening has tests of its own).
 */
const NO_BURSTS = { 'incidents.yaml': (text: string) => text.replace(/burst: \{ cases: \d+/, 'burst: { cases: 10000') };

export async function runRound(databaseUrl: string, workers: number, settings: RoundSettings, progress: (line: string) => void): Promise<RoundResult> {
  const webhookSecret = randomBytes(16).toString('hex');
  const emulator = startEmulators(['--cases', String(settings.cases), '--webhook-secret', webhookSecret, '--status-map', JSON.stringify(settings.statusMap)]);
  const schema = `bench_scale_${randomBytes(3).toString('hex')}`;
  const db = await openDatabase({ url: databaseUrl, schema });
  let cluster: ReturnType<typeof createCluster> | undefined;
  try {
    const { url, caseIds } = (await emulator.ask()) as { url: string; caseIds: string[] };
    const syncYaml = `engine: { batchSize: ${settings.batchSize} }`;
    cluster = createCluster({ databaseUrl, schema, sandboxUrl: url, webhookSecret, workers, web: false, logLevel: 'info', syncYaml, configEdits: NO_BURSTS });
    const startedAt = Date.now();
    await cluster.start();
    const startMs = Date.now() - startedAt;
    const rules = (['salesforce', 'jira'] as const).map((system) => ({ system, latencyMs: settings.latencyMs }));
    await fetch(`${url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    await fetch(`${url}/__sandbox/stats`, { method: 'DELETE' });

    const queueSchema = `${schema}_pgboss`;
    const boss = new PgBoss({ connectionString: databaseUrl, schema: queueSchema, supervise: false, schedule: false, migrate: false, max: 2 });
    await boss.start();
    const t0 = Date.now();
    // Queued as the web's feeds queue them: one job per case, then one wake-up for every process.
    await boss.insert(caseIds.map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId })));
    await db.knex.raw('SELECT pg_notify(?, ?)', [wakeupChannelOf(schema), QUEUES.caseChanged]);
    await boss.stop({ graceful: false, wait: true });

    let keyedMs = 0;
    let linked = 0;
    let jobs: QueueJobRow[] = [];
    const ticker = setInterval(() => progress(`  ${linked}/${caseIds.length} linked, ${pendingJobs(jobs).length} jobs pending`), 5000);
    try {
      await waitFor(
        async () => {
          linked = Number((await db.knex('links').where({ state: 'linked', kind: 'mirror' }).count<Array<{ count: string }>>({ count: '*' }))[0]?.count ?? 0);
          if (linked === caseIds.length && keyedMs === 0) keyedMs = Date.now() - t0;
          jobs = await readQueueJobs(db.knex, queueSchema);
          // Deferred jobs (start_after in the future) count as pending too: their cases are not done.
          return linked === caseIds.length && jobs.every((j) => j.state === 'completed' || j.state === 'failed');
        },
        1_800_000,
        () => `${linked}/${caseIds.length} linked`,
      );
    } finally {
      clearInterval(ticker);
    }
    const wallMs = Date.now() - t0;
    const stats = (await (await fetch(`${url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
    const calls = { salesforce: stats.salesforce.calls, jira: stats.jira.calls };
    const census = (await emulator.ask('census')) as Record<string, unknown>;
    const perWorker = cluster.processes.map((p) => cluster!.logOf(p.name).filter((l) => l.msg === 'synced').length);
    return { workers, wallMs, keyedMs, startMs, casesPerSecond: Math.round((caseIds.length / (wallMs / 1000)) * 10) / 10, calls, batches: { ...describeBatches(jobs), perWorker }, census };
  } finally {
    await cluster?.stop();
    emulator.stop();
    await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
    await db.close();
  }
}

/** Jobs one fetch handed out share their `started_on` (the fetch transaction's now()). */
function describeBatches(jobs: readonly QueueJobRow[]) {
  const spans = new Map<number, { start: number; end: number }>();
  for (const job of jobs) {
    if (job.startedOnMs === null || job.completedOnMs === null) continue;
    const span = spans.get(job.startedOnMs) ?? { start: job.startedOnMs, end: job.completedOnMs };
    span.end = Math.max(span.end, job.completedOnMs);
    spans.set(job.startedOnMs, span);
  }
  const list = [...spans.values()];
  const maxAtOnce = Math.max(0, ...list.map((s) => list.filter((o) => o.start <= s.start && o.end > s.start).length));
  const durations = list.map((s) => s.end - s.start).sort((a, b) => a - b);
  return {
    count: list.length,
    maxAtOnce,
    medianMs: durations[Math.floor((durations.length - 1) / 2)] ?? 0,
    retriedJobs: jobs.filter((j) => j.retryCount > 0).length,
    failedJobs: jobs.filter((j) => j.state === 'failed').length,
  };
}

function startEmulators(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale-sandbox.ts', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    ask: async (line?: string): Promise<unknown> => {
      if (line) child.stdin.write(`${line}\n`);
      const reply = await replies.next();
      if (reply.done) throw new Error('the emulator process (bench/scale-sandbox.ts) ended');
      return JSON.parse(reply.value as string) as unknown;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

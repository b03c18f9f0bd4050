/**
 * One round of `bench scale`: N `casebridge start --role worker` processes (production mode) on a
 * throwaway schema of one PostgreSQL, against the emulators in a process of their own
 * (bench/scale-sandbox.ts) with a latency added to every Salesforce and Jira call.
 *
 * The clock starts when the jobs are queued (one per case, as a backfill or a poll queues them) and
 * stops when the last job has completed: a case shows its Jira key in the middle of its pass, before
 * the pass writes its SLA onto the issue, so "every case shows its key" would stop one round inside
 * its last batches and another after them. That moment is reported too (`linkedMs`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import { openDatabase } from '../src/adapters/store/database.js';
import { QUEUES } from '../src/engine/queue.js';
import { wakeupChannelOf } from '../src/engine/queue-wakeup.js';
import { createCluster, waitFor } from '../test/integration/scale/cluster.js';
import { findOverlappingJobs, readQueueJobs } from '../test/integration/scale/queue-jobs.js';
import { round } from './sync/call-counts.js';
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
  linkedMs: number;
  startMs: number;
  casesPerSecond: number;
  calls: CallCounts;
  /** Batches (jobs fetched together), their longest overlap, retried jobs and batches per worker process. */
  batches: { jobs: number; count: number; maxAtOnce: number; medianMs: number; retriedJobs: number; failedJobs: number; overlappingJobs: number; spans: number[][]; perWorker: number[] };
  census: Record<string, unknown>;
  /** CPU milliseconds spent while timed: each worker process, the emulators' process and this one. */
  cpuMs: { workers: number[]; emulators: number; bench: number };
  /** One-minute load average when the jobs were queued and when the last one completed. */
  load: [number, number];
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
    const pids = cluster.processes.map((p) => p.started.child.pid);
    const cpuBefore = [...pids, emulator.pid].map(cpuMsOfPid);
    const benchBefore = process.cpuUsage();
    const loadBefore = loadavg()[0]!;
    const t0 = Date.now();
    // Queued as the web's feeds queue them: one job per case, then one wake-up for every process.
    await boss.insert(caseIds.map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId })));
    await db.knex.raw('SELECT pg_notify(?, ?)', [wakeupChannelOf(schema), QUEUES.caseChanged]);
    await boss.stop({ graceful: false, wait: true });

    let linkedMs = 0;
    let progressNow = { linked: 0, pending: caseIds.length };
    const ticker = setInterval(() => progress(`  ${progressNow.linked}/${caseIds.length} linked, ${progressNow.pending} jobs pending`), 5000);
    try {
      // One light count per poll (the job table is read in full once, at the end).
      await waitFor(
        async () => {
          progressNow = await countProgress(db.knex, queueSchema);
          if (progressNow.linked === caseIds.length && linkedMs === 0) linkedMs = Date.now() - t0;
          return progressNow.linked === caseIds.length && progressNow.pending === 0;
        },
        1_800_000,
        () => `${progressNow.linked}/${caseIds.length} linked`,
      );
    } finally {
      clearInterval(ticker);
    }
    const wallMs = Date.now() - t0;
    const cpuSpent = [...pids, emulator.pid].map((pid, i) => cpuMsOfPid(pid) - cpuBefore[i]!);
    const benchCpu = process.cpuUsage(benchBefore);
    const cpuMs = { workers: cpuSpent.slice(0, -1), emulators: cpuSpent.at(-1)!, bench: Math.round((benchCpu.user + benchCpu.system) / 1000) };
    const stats = (await (await fetch(`${url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
    const calls = { salesforce: stats.salesforce.calls, jira: stats.jira.calls };
    const jobs = await readQueueJobs(db.knex, queueSchema);
    const census = (await emulator.ask('census')) as Record<string, unknown>;
    const perWorker = cluster.processes.map((p) => cluster!.logOf(p.name).filter((l) => l.msg === 'synced').length);
    return {
      workers,
      wallMs,
      linkedMs,
      startMs,
      casesPerSecond: Math.round((caseIds.length / (wallMs / 1000)) * 10) / 10,
      calls,
      batches: { ...describeBatches(jobs, t0), perWorker },
      census,
      cpuMs,
      load: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
    };
  } finally {
    await cluster?.stop();
    emulator.stop();
    await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
    await db.close();
  }
}

const COMPLETION_SKEW_MS = 250;

/** Cases linked (an issue created and recorded) and sync jobs not finished; deferred ones (start_after ahead) count as not finished. */
async function countProgress(knex: Knex, queueSchema: string): Promise<{ linked: number; pending: number }> {
  const result = await knex.raw<{ rows: Array<{ linked: string; pending: string }> }>(
    `SELECT (SELECT count(*) FROM links WHERE state = 'linked' AND kind = 'mirror') AS linked,
            (SELECT count(*) FROM "${queueSchema}".job WHERE name = ANY(?) AND state IN ('created', 'retry', 'active')) AS pending`,
    [Object.values(QUEUES)],
  );
  const row = result.rows[0]!;
  return { linked: Number(row.linked), pending: Number(row.pending) };
}

/** Jobs one fetch handed out share their `started_on` (the fetch transaction's now()) and `completed_on` (one complete). */
function describeBatches(jobs: readonly QueueJobRow[], t0: number) {
  // Two workers' fetches may start in the same millisecond; their completions (one statement each) tell them apart.
  const spans = new Map<string, { start: number; end: number }>();
  for (const job of jobs) {
    if (job.startedOnMs === null || job.completedOnMs === null) continue;
    const batch = `${job.startedOnMs}|${job.completedOnMs}`;
    spans.set(batch, spans.get(batch) ?? { start: job.startedOnMs, end: job.completedOnMs });
  }
  const list = [...spans.values()];
  // pg-boss 10 marks a batch completed without awaiting it before the worker's next fetch: a batch
  // that ended within COMPLETION_SKEW_MS of another's start did not run beside it.
  const maxAtOnce = Math.max(0, ...list.map((s) => list.filter((o) => o.start <= s.start && o.end - COMPLETION_SKEW_MS > s.start).length));
  const durations = list.map((s) => s.end - s.start).sort((a, b) => a - b);
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return {
    jobs: jobs.length,
    count: list.length,
    maxAtOnce,
    medianMs: durations[Math.floor((durations.length - 1) / 2)] ?? 0,
    retriedJobs: jobs.filter((j) => j.retryCount > 0).length,
    failedJobs: jobs.filter((j) => j.state === 'failed').length,
    /** Pairs of jobs of one case active at the same time (must be 0). */
    overlappingJobs: findOverlappingJobs(jobs).length,
    /** Each batch as [start, length] in seconds from the queueing, in start order: how the work was spread. */
    spans: list.sort((a, b) => a.start - b.start).map((s) => [seconds(s.start - t0), seconds(s.end - s.start)]),
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
    pid: child.pid,
    stop: () => child.kill('SIGTERM'),
  };
}

/** User + system CPU of a process so far (Linux /proc; clock ticks of 10 ms), 0 when it cannot be read. */
function cpuMsOfPid(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

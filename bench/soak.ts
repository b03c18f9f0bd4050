/**
 * `npm run bench -- soak --minutes 30 [--tick-ms 200] [--port 5599]`: casebridge's workers and polls,
 * wired as `casebridge start` wires them (NOTIFY wake-up, budget governor), against emulators in
 * another process where simulated agents and developers keep working with REALISTIC_FAULTS on
 * (bench/soak-sandbox.ts). The database is a throwaway PostgreSQL cluster the bench creates,
 * restarts half-way and drops at the end (even on failure). Every 5 s it samples RSS (both
 * processes) and the job table; slopes are least squares after the warm-up. At the end the
 * simulator stops, the service catches up, and the census checks that nothing was lost.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config/index.js';
import { queueSchemaOf } from '../src/engine/queue.js';
import { startEngineRuntime } from '../src/runtime/engine-runtime.js';
import { startBackfillRig } from './backfill-rig.js';
import { createThrowawayCluster } from './soak-postgres.js';
import { jobCensus, median, readJobs, rssOfPid, slope, watchRecovery } from './soak-measure.js';
import type { JobSample, Recovery } from './soak-measure.js';
import { round } from './sync/call-counts.js';
import { statusLossEvidence } from './soak-census.js';
import type { StatusLoss } from './soak-census.js';

interface Sample {
  atSeconds: number;
  rssMb: number;
  heapMb: number;
  emulatorRssMb: number | null;
  jobs: JobSample | null;
}

function parseArgs(args: string[]) {
  const value = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  return { minutes: value('--minutes', 30), tickMs: value('--tick-ms', 200), port: value('--port', 5599) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error(`config problems:\n${loaded.problems.join('\n')}`);
  const base = loaded.config.files.sync!;
  // Polls every 5 s: the safety net is what finds the simulator's changes (no webhooks here).
  const sync = { ...base, salesforce: { ...base.salesforce, pollIntervalSeconds: 5 }, jira: { ...base.jira, pollIntervalSeconds: 5 } };
  const progress = (line: string) => process.stderr.write(`[bench soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

  const cluster = createThrowawayCluster(options.port);
  const sandboxArgs = ['--tick-ms', String(options.tickMs), '--status-map', JSON.stringify(sync.statusMap), '--customer-prefix', sync.comments.toSalesforce.prefix ?? ''];
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak-sandbox.ts', ...sandboxArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async (line?: string) => {
    if (line) child.stdin!.write(`${line}\n`);
    const reply = await replies.next();
    if (reply.done) throw new Error('the emulator process ended');
    return JSON.parse(reply.value) as Record<string, unknown>;
  };
  try {
    const { url } = (await ask()) as { url: string };
    const rig = await startBackfillRig({ sync, url, databaseUrl: cluster.url });
    const queueSchema = queueSchemaOf(rig.db);
    const runtime = await startEngineRuntime(rig.context, rig.db);
    await runtime.engine.startWorkers();
    runtime.engine.startPolling();
    const jobs = () => readJobs(rig.db.knex, queueSchema);

    const samples: Sample[] = [];
    const startedMs = Date.now();
    const durationMs = options.minutes * 60_000;
    let restart: { atSeconds: number; tookSeconds: number; recovery: Promise<Recovery> } | undefined;
    progress(`soak for ${options.minutes} min on cluster ${cluster.name} (port ${cluster.port})`);
    while (Date.now() - startedMs < durationMs) {
      await sleep(5000);
      const memory = process.memoryUsage();
      const atSeconds = Math.round((Date.now() - startedMs) / 1000);
      samples.push({ atSeconds, rssMb: Math.round(memory.rss / 1048576), heapMb: Math.round(memory.heapUsed / 1048576), emulatorRssMb: rssOfPid(child.pid), jobs: await jobs() });
      if (!restart && Date.now() - startedMs >= durationMs / 2) {
        progress('restarting PostgreSQL');
        const baseline = median(samples.slice(-12).flatMap((s) => (s.jobs ? [s.jobs.pending] : [])));
        const before = Date.now();
        cluster.restart();
        restart = { atSeconds, tookSeconds: round((Date.now() - before) / 1000, 1), recovery: watchRecovery(jobs, Date.now(), baseline) };
      }
    }

    progress('simulator and faults off; waiting for the service to catch up');
    const quiet = await ask('quiet');
    const catchUpStartedMs = Date.now();
    let idleInRow = 0;
    // Idle for three samples in a row, past two poll intervals and the search index lag.
    while (idleInRow < 3 && Date.now() - catchUpStartedMs < 5 * 60_000) {
      await sleep(5000);
      idleInRow = (await jobs())?.pending === 0 && Date.now() - catchUpStartedMs > 12_000 ? idleInRow + 1 : 0;
    }
    const catchUpSeconds = Math.round((Date.now() - catchUpStartedMs) / 1000);
    const recovery = restart ? await restart.recovery : null;
    await runtime.stop();
    const jobsAtEnd = await jobCensus(rig.db.knex, queueSchema);
    const deadLetters = (await rig.db.knex('dead_letters').select('queue', 'error_code', 'error_message')) as Array<Record<string, string>>;
    const census = await ask('census');
    const statusLosses = (census.losses as { statusLosses: StatusLoss[] }).statusLosses;
    const evidence = await statusLossEvidence(rig.db.knex, statusLosses);
    await rig.close();
    process.stdout.write(
      `${JSON.stringify({ minutes: options.minutes, ...summarize(samples, durationMs), restart: restart && { ...restart, recovery }, engine: runtime.engine.stats, catchUpSeconds, jobsAtEnd, deadLetters: { count: deadLetters.length, examples: deadLetters.slice(0, 5) }, casesAtEnd: quiet.cases, ...census, statusLossEvidence: evidence, samples: samples.map((s) => [s.atSeconds, s.rssMb, s.heapMb, s.emulatorRssMb, s.jobs?.pending ?? null]) })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    cluster.drop();
  }
}

/** Start, end, max and slope (MB or jobs per 10 min, least squares after the warm-up) of the samples. */
function summarize(samples: readonly Sample[], durationMs: number) {
  // Warm-up: a sixth of the run, between 1 and 5 minutes (caches, JIT, pools, the first mirror burst).
  const warmUpSeconds = Math.max(60, Math.min(300, durationMs / 6000));
  const steady = samples.filter((s) => s.atSeconds >= warmUpSeconds);
  const per10Minutes = (pick: (s: Sample) => number | null | undefined) => round(slope(steady.flatMap((s) => (pick(s) == null ? [] : [[s.atSeconds / 600, pick(s)!] as const]))), 2);
  const read = samples.flatMap((s) => (s.jobs ? [s.jobs] : []));
  const firstSteady = steady[0];
  return {
    warmUpSeconds,
    rss: {
      startMb: samples[0]?.rssMb,
      afterWarmUpMb: firstSteady?.rssMb,
      endMb: samples.at(-1)?.rssMb,
      maxMb: Math.max(...samples.map((s) => s.rssMb)),
      slopeMbPer10Min: per10Minutes((s) => s.rssMb),
    },
    heap: { afterWarmUpMb: firstSteady?.heapMb, endMb: samples.at(-1)?.heapMb, slopeMbPer10Min: per10Minutes((s) => s.heapMb) },
    emulatorRss: { startMb: samples[0]?.emulatorRssMb, endMb: samples.at(-1)?.emulatorRssMb, slopeMbPer10Min: per10Minutes((s) => s.emulatorRssMb) },
    queueDepth: {
      max: Math.max(0, ...read.map((j) => j.pending)),
      median: median(read.map((j) => j.pending)),
      last: read.at(-1)?.pending ?? null,
      slopePer10Min: per10Minutes((s) => s.jobs?.pending),
    },
    stuck: {
      maxActivePastExpiry: Math.max(0, ...read.map((j) => j.activePastExpiry)),
      maxOverdueSeconds: Math.max(0, ...read.map((j) => j.mostOverdueSeconds)),
      maxDeferred: Math.max(0, ...read.map((j) => j.deferred)),
    },
    unreadableSamples: samples.length - read.length,
  };
}

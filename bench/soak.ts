/**
 * `npm run bench -- soak --minutes 30 [--tick-ms 200] [--port 5599]`: casebridge's workers and polls
 * against emulators in another process where simulated agents and developers keep working with
 * REALISTIC_FAULTS on; the database is a throwaway PostgreSQL cluster the bench creates, restarts
 * half-way and drops at the end (even on failure). RSS and queue depth are sampled every 5 s. At the
 * end the simulator stops, the service catches up, and a census checks nothing was lost: every
 * mirrored case has exactly one issue, fields and statuses converged, no job left queued.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config/index.js';
import { SyncEngine } from '../src/engine/engine.js';
import { QUEUES, startQueue } from '../src/engine/queue.js';
import { startBackfillRig } from './backfill-rig.js';
import { createThrowawayCluster } from './soak-postgres.js';
import { round } from './sync/call-counts.js';

interface Sample {
  atSeconds: number;
  rssMb: number;
  queueDepth: number | null;
}

function parseArgs(args: string[]) {
  const value = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  return { minutes: value('--minutes', 30), tickMs: value('--tick-ms', 200), port: value('--port', 5599) };
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx;
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
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak-sandbox.ts', '--tick-ms', String(options.tickMs), '--status-display', JSON.stringify(sync.statusMap.toSalesforce)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
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
    const boss = await startQueue(rig.db, { retryLimit: sync.retries.maxAttempts, logger: rig.context.logger });
    const engine = new SyncEngine(rig.context, boss, {});
    await engine.startWorkers();
    engine.startPolling();

    const depth = async (): Promise<number | null> => {
      try {
        let pending = 0;
        for (const name of Object.values(QUEUES)) pending += (await boss.getQueueSize(name, { before: 'completed' })) ?? 0;
        return pending;
      } catch {
        return null; // the database is restarting
      }
    };
    const samples: Sample[] = [];
    const startedMs = Date.now();
    const durationMs = options.minutes * 60_000;
    let restartedAtSeconds: number | null = null;
    progress(`soak for ${options.minutes} min on cluster ${cluster.name} (port ${cluster.port})`);
    while (Date.now() - startedMs < durationMs) {
      await sleep(5000);
      const atSeconds = Math.round((Date.now() - startedMs) / 1000);
      samples.push({ atSeconds, rssMb: Math.round(process.memoryUsage().rss / 1048576), queueDepth: await depth() });
      if (restartedAtSeconds === null && Date.now() - startedMs >= durationMs / 2) {
        progress('restarting PostgreSQL');
        cluster.restart();
        restartedAtSeconds = atSeconds;
      }
    }

    progress('simulator and faults off; waiting for the service to catch up');
    const quiet = await ask('quiet');
    const catchUpStartedMs = Date.now();
    let idleInRow = 0;
    // Idle for three samples in a row, past two poll intervals and the search index lag.
    while (idleInRow < 3 && Date.now() - catchUpStartedMs < 5 * 60_000) {
      await sleep(5000);
      idleInRow = (await depth()) === 0 && Date.now() - catchUpStartedMs > 12_000 ? idleInRow + 1 : 0;
    }
    const catchUpSeconds = Math.round((Date.now() - catchUpStartedMs) / 1000);
    await engine.stop();
    const leftQueued = await depth();
    const deadLetters = Number(((await rig.db.knex('dead_letters').count({ n: '*' })) as Array<{ n: string | number }>)[0]?.n ?? 0);
    await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    const { census } = await ask('census');
    await rig.close();

    const steady = samples.filter((s) => s.atSeconds >= 60);
    const depths = samples.flatMap((s) => (s.queueDepth === null ? [] : [s.queueDepth]));
    process.stdout.write(
      `${JSON.stringify({
        minutes: options.minutes,
        restartedPostgresAtSeconds: restartedAtSeconds,
        rss: {
          firstMb: samples[0]?.rssMb,
          lastMb: samples.at(-1)?.rssMb,
          maxMb: Math.max(...samples.map((s) => s.rssMb)),
          slopeMbPerMinute: round(slope(steady.map((s) => [s.atSeconds / 60, s.rssMb])), 2),
        },
        queueDepth: {
          max: Math.max(0, ...depths),
          last: depths.at(-1) ?? null,
          slopePerMinute: round(slope(steady.flatMap((s) => (s.queueDepth === null ? [] : [[s.atSeconds / 60, s.queueDepth] as [number, number]]))), 2),
        },
        unreadableSamples: samples.filter((s) => s.queueDepth === null).length,
        engine: engine.stats,
        catchUpSeconds,
        leftQueued,
        deadLetters,
        cases: quiet.cases,
        census,
        samples: samples.map((s) => [s.atSeconds, s.rssMb, s.queueDepth]),
      })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    cluster.drop();
  }
}

/**
 * `npm run bench -- scale [--workers 1,2,3,4] [--latency-ms 200] [--cases 600] [--batch 50] [--repeat 3]`
 *
 * Throughput of N `casebridge start --role worker` processes on one PostgreSQL (DATABASE_URL, a
 * throwaway schema per round) with `--latency-ms` added to every Salesforce and Jira call; one round
 * per worker count and repetition, interleaved (1,2,3,4,1,2,…) so a busy spell of the machine falls
 * on every count alike (bench/scale-round.ts). Every round does the same work: the same cases, timed
 * from queueing their jobs to the last job completed; each round's API calls per case are printed
 * beside it, and `fairness` gives the largest difference in calls per case between rounds.
 * Prints JSON: per worker count the median wall time, cases/s and speed-up against one worker.
 */
import { loadConfig } from '../src/config/index.js';
import { runRound } from './scale-round.js';
import type { CallCounts, RoundResult } from './scale-round.js';
import { median } from './soak-measure.js';
import { round } from './sync/call-counts.js';

interface ScaleArgs {
  workers: number[];
  latencyMs: number;
  cases: number;
  batchSize: number;
  repeat: number;
}

function parseArgs(args: readonly string[]): ScaleArgs {
  const value = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
  const integer = (name: string, fallback: number, min: number) => {
    const text = value(name);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs an integer >= ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  const workers = (value('workers') ?? '1,2,3,4').split(',').map(Number);
  if (workers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--workers needs a comma-separated list of counts >= 1, got ${JSON.stringify(value('workers'))}`);
  return { workers, latencyMs: integer('latency-ms', 200, 0), cases: integer('cases', 600, 1), batchSize: integer('batch', 50, 1), repeat: integer('repeat', 3, 1) };
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('bench scale needs DATABASE_URL (PostgreSQL): several processes share the queue');
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error(`config problems:\n${loaded.problems.join('\n')}`);
  const settings = { cases: options.cases, latencyMs: options.latencyMs, batchSize: options.batchSize, statusMap: loaded.config.files.sync!.statusMap };
  const progress = (line: string) => process.stderr.write(`[bench scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const rounds: RoundResult[] = [];
  for (let repetition = 1; repetition <= options.repeat; repetition++) {
    for (const workers of options.workers) {
      progress(`round ${repetition}/${options.repeat}, ${workers} worker(s): ${options.cases} cases, ${options.latencyMs} ms per API call, batch ${options.batchSize}`);
      const result = await runRound(databaseUrl, workers, settings, progress);
      progress(`  ${result.wallMs} ms, ${callsPerCase(result.calls, options.cases).total} calls per case, ${result.batches.count} batches (at most ${result.batches.maxAtOnce} at once)`);
      rounds.push(result);
    }
  }
  const perCount = options.workers.map((workers) =>
    summarize(
      workers,
      options.cases,
      rounds.filter((r) => r.workers === workers),
    ),
  );
  const base = perCount.find((c) => c.workers === 1)?.medianWallMs;
  const totals = rounds.map((r) => callsPerCase(r.calls, options.cases).total);
  const result = {
    bench: 'scale',
    settings: { ...options, node: process.version },
    workers: perCount.map((c) => ({ ...c, speedUp: base ? round(base / c.medianWallMs, 2) : null })),
    fairness: { callsPerCaseMin: round(Math.min(...totals), 3), callsPerCaseMax: round(Math.max(...totals), 3), spread: round((Math.max(...totals) - Math.min(...totals)) / Math.min(...totals), 3) },
    rounds: rounds.map((r) => ({ ...r, callsPerCase: callsPerCase(r.calls, options.cases) })),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function summarize(workers: number, cases: number, rounds: readonly RoundResult[]) {
  const medianWallMs = median(rounds.map((r) => r.wallMs));
  return { workers, medianWallMs, casesPerSecond: round(cases / (medianWallMs / 1000), 1), wallMs: rounds.map((r) => r.wallMs), medianLinkedMs: median(rounds.map((r) => r.linkedMs)) };
}

/** Calls per case: per system, per route and in all (what makes two rounds the same work). */
function callsPerCase(calls: CallCounts, cases: number) {
  const per = (routes: Record<string, number>) => Object.fromEntries(Object.entries(routes).map(([route, n]) => [route, round(n / cases, 3)]));
  const sum = (routes: Record<string, number>) => Object.values(routes).reduce((a, b) => a + b, 0);
  return {
    total: round((sum(calls.salesforce) + sum(calls.jira)) / cases, 3),
    salesforce: round(sum(calls.salesforce) / cases, 3),
    jira: round(sum(calls.jira) / cases, 3),
    byRoute: { salesforce: per(calls.salesforce), jira: per(calls.jira) },
  };
}

/**
 * `npm run bench -- sync [--cases N] [--latency MS] [--rate PER_S] [--batch N] [--batches-at-once N]
 *                        [--gather-ms MS] [--skip-status] [--skip-safety-net] [--experiment echo-filters] [--faults realistic]`
 *
 * The sync engine against the sandbox over loopback HTTP, with `--latency` ms (default 50) added
 * to every Salesforce and Jira API call:
 *  1. mirror: N escalated cases (default 10,000) spread over the routing rules → poll + drain
 *     until quiet; API calls per 1,000 cases per system next to a stated batching minimum;
 *  2. status: one developer transition per mirrored issue at `--rate` changes/s (default 100),
 *     pushed by signed webhooks into the real HTTP app and mirrored by the queue workers;
 *     change → mirror latency p50/p99 and API calls per 1,000 changes (`--batches-at-once`:
 *     `engine.batchesAtOnce` of those workers, default 1; `--gather-ms`: their `engine.gatherMs`,
 *     default the config's; the mirror phase drains without wake-ups, so it is not affected);
 *  3. safety net: the periodic polls run once after the push path; what they queue is work done twice;
 *  4. wall time per phase and peak RSS.
 * `--faults realistic` runs all of it under the sandbox's realistic fault profile (Jira search 2 s
 * behind, 40 % of bulk creates refused with 429, 5 % of collection records UNABLE_TO_LOCK_ROW):
 * the mirror phase then polls until it converges (every case shows its key, no job waits), refused
 * calls are counted apart, and `exactlyOnce` reports duplicates (must be 0) and divergence.
 * Database: in-memory PGlite, or a throwaway schema on DATABASE_URL when set. Progress goes to
 * stderr; stdout gets one JSON object.
 */
import { loadConfig } from '../src/config/index.js';
import { clearCallStats, startSyncRig } from './sync/rig.js';
import { applyFaults, checkExactlyOnce, faultConfigFor, isMirrorConverged } from './sync/fault-profile.js';
import type { FaultProfile } from './sync/fault-profile.js';
import type { MirrorFigures } from './sync/mirror-phase.js';
import { countPortCalls } from './sync/port-counter.js';
import { applyEchoFilters } from './sync/echo-experiment.js';
import { createEscalatedCases, routingTopics, runMirrorPhase } from './sync/mirror-phase.js';
import { runStatusPhase } from './sync/status-phase.js';
import type { StatusFigures } from './sync/status-phase.js';
import { runSafetyNetPoll } from './sync/safety-net-phase.js';
import type { SafetyNetFigures } from './sync/safety-net-phase.js';

interface BenchArgs {
  cases: number;
  latencyMs: number;
  ratePerSecond: number;
  batchSize: number;
  /** `engine.batchesAtOnce` for the push phase's workers. */
  batchesAtOnce: number;
  /** `engine.gatherMs` for the push phase's workers (undefined: the config's). */
  gatherMs?: number;
  skipStatus: boolean;
  skipSafetyNet: boolean;
  /** `echo-filters`: approximate two proposed engine changes (see bench/sync/echo-experiment.ts). */
  experiment?: 'echo-filters';
  faults: FaultProfile;
}

function parseArgs(args: readonly string[]): BenchArgs {
  const number = (name: string, fallback: number, min: number) => {
    const index = args.indexOf(`--${name}`);
    if (index < 0) return fallback;
    const value = Number(args[index + 1]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} needs a number >= ${min}, got ${JSON.stringify(args[index + 1])}`);
    return value;
  };
  return {
    cases: Math.floor(number('cases', 10_000, 1)),
    latencyMs: Math.floor(number('latency', 50, 0)),
    ratePerSecond: number('rate', 100, 0.1),
    batchSize: Math.floor(number('batch', 200, 1)),
    batchesAtOnce: Math.floor(number('batches-at-once', 1, 1)),
    gatherMs: args.includes('--gather-ms') ? Math.floor(number('gather-ms', 0, 0)) : undefined,
    skipStatus: args.includes('--skip-status'),
    skipSafetyNet: args.includes('--skip-safety-net'),
    experiment: readExperiment(args),
    faults: readFaults(args),
  };
}

function readFaults(args: readonly string[]): FaultProfile {
  const index = args.indexOf('--faults');
  if (index < 0) return 'none';
  if (args[index + 1] !== 'realistic') throw new Error(`--faults knows only realistic, got ${JSON.stringify(args[index + 1])}`);
  return 'realistic';
}

function readExperiment(args: readonly string[]): BenchArgs['experiment'] {
  const index = args.indexOf('--experiment');
  if (index < 0) return undefined;
  if (args[index + 1] !== 'echo-filters') throw new Error(`--experiment knows only echo-filters, got ${JSON.stringify(args[index + 1])}`);
  return 'echo-filters';
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error(`config problems:\n${loaded.problems.join('\n')}`);
  const sync = loaded.config.files.sync;
  if (!sync) throw new Error('config/sync.yaml is missing');
  sync.engine.batchesAtOnce = options.batchesAtOnce;
  // The engine reads it once, when the rig builds it (its in-process wake-up).
  if (options.gatherMs !== undefined) sync.engine.gatherMs = options.gatherMs;
  const progress = (line: string) => process.stderr.write(`[bench sync ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const benchStartedMs = performance.now();

  const rig = await startSyncRig({ sync, databaseUrl: loaded.config.env.databaseUrl, batchSize: options.batchSize, logLevel: 'warn' });
  const ports = countPortCalls(rig);
  if (options.experiment === 'echo-filters') applyEchoFilters(rig);
  try {
    progress(`database ${rig.db.kind}; creating ${options.cases} escalated cases`);
    const setupStartedMs = performance.now();
    const created = await createEscalatedCases(rig, options.cases, routingTopics(sync));
    const setupMs = Math.round(performance.now() - setupStartedMs);

    await applyFaults(rig, faultConfigFor(options.faults, options.latencyMs));
    await clearCallStats(rig);
    progress(`mirror phase: ${options.latencyMs} ms per API call, batch ${options.batchSize}, faults ${options.faults}`);
    const converge = options.faults === 'none' ? undefined : { isDone: () => isMirrorConverged(rig, created.ids), timeoutMs: 600_000 };
    const mirror = await runMirrorPhase(rig, ports, created.ids, created.topics, progress, converge);

    let status: StatusFigures | undefined;
    let safetyNet: SafetyNetFigures | undefined;
    if (!options.skipStatus) {
      const settleTimeoutMs = 60_000 + Math.ceil((options.cases / options.ratePerSecond) * 1000);
      progress(`status phase: ${created.ids.length} transitions at ${options.ratePerSecond}/s over webhooks`);
      status = await runStatusPhase(rig, ports, created.ids, { toStatus: 'In Progress', ratePerSecond: options.ratePerSecond, pollSample: 500, settleTimeoutMs }, progress);
      if (!options.skipSafetyNet) {
        progress('safety-net phase: one more poll of both systems after the push path');
        safetyNet = await runSafetyNetPoll(rig, ports, status.changes, progress);
      }
    }

    // Read with the faults off, after every phase: what the promises say must never have happened.
    const exactlyOnce = options.faults === 'none' ? undefined : await checkExactlyOnce(rig, rig.context.config);
    const result = {
      bench: 'sync',
      settings: { ...options, gatherMs: sync.engine.gatherMs, database: rig.db.kind, node: process.version },
      setup: { casesCreatedMs: setupMs },
      ...(exactlyOnce && { faultSummary: summarizeFaultRun(exactlyOnce.duplicates, mirror) }),
      exactlyOnce,
      mirror,
      status,
      safetyNet,
      engineRetries: rig.retries.length,
      wallMs: Math.round(performance.now() - benchStartedMs),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      // At the end, to tell the JS heap from what PGlite's WASM memory and buffers hold.
      memoryAtEndMb: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1_048_576)])),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await rig.close();
  }
}

/** The figures `--faults` is run for, side by side: duplicates, calls next to the minimum, refusals, time to converge. */
function summarizeFaultRun(duplicates: number, mirror: MirrorFigures) {
  const per = (system: 'salesforce' | 'jira') => {
    const calls = mirror.untilQuiet.calls[system];
    return { callsPer1000: calls.callsPer1000, minimumPer1000: calls.minimumPer1000, ratioToMinimum: calls.ratioToMinimum, refusedPer1000: calls.refusedPer1000 };
  };
  return { duplicates, mirrorConvergedMs: mirror.convergedMs, salesforce: per('salesforce'), jira: per('jira') };
}

/**
 * `npm run bench -- backfill --cases 100000 [--concurrency 4] [--bulk-above 2000] [--bulk-creates 4] [--heap-growth 50]`: a backfill of N
 * escalated cases through the Bulk API path, against the emulators running in another process
 * (bench/backfill-sandbox.ts), so the peak RSS of the casebridge process (this one) is measured
 * apart from theirs. Database: DATABASE_URL (a throwaway schema) or in-memory PGlite. Prints one
 * JSON object: wall time, cases/s, peak RSS per process, API calls next to the minimum, duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config/index.js';
import { runBackfill } from '../src/engine/backfill.js';
import { routingTopics } from './sync/mirror-phase.js';
import { summarizeCalls, round, type Minimum } from './sync/call-counts.js';
import { startBackfillRig } from './backfill-rig.js';
import { readJiraIssues } from '../test/helpers/jira-reader.js';

/** The fewest calls for N new cases: Jira bulk creates of 50, case key write-back in collections of 200, one case read per 200. */
const BACKFILL_MINIMUM: Minimum = {
  salesforce: [
    { call: 'case read (Id IN)', recordsPerCall: 200 },
    { call: 'composite update', recordsPerCall: 200 },
  ],
  jira: [{ call: 'bulk create', recordsPerCall: 50 }],
};

function parseArgs(args: string[]) {
  const value = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    const parsed = at >= 0 ? Number(args[at + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a number, got ${args[at + 1] ?? ''}`);
    return parsed;
  };
  const profileAt = args.indexOf('--emulator-profile');
  return {
    quickCensus: args.includes('--quick-census'),
    emulatorProfile: profileAt >= 0 ? args[profileAt + 1] : undefined,
    cases: value('--cases', 20_000),
    concurrency: value('--concurrency', 4),
    bulkAbove: value('--bulk-above', 2000),
    /** Jira bulk creates in flight at once (jira.bulkCreateConcurrency; default: the config's). */
    bulkCreates: args.includes('--bulk-creates') ? value('--bulk-creates', 4) : undefined,
    /** backfill.heapGrowthPercent (default: the config's; 0 = V8's own growth). */
    heapGrowth: args.includes('--heap-growth') ? value('--heap-growth', 50) : undefined,
  };
}

/** Peak resident set of another process, in MB (VmHWM). */
function peakRssMbOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : -1;
}

async function startEmulators(cases: number, topics: readonly string[], profileDir?: string): Promise<{ child: ChildProcess; url: string }> {
  // --emulator-profile DIR: a V8 CPU profile of the emulator process (the casebridge side takes node --cpu-prof).
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/backfill-sandbox.ts', '--cases', String(cases), '--topics', topics.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) return { child, url: (JSON.parse(line) as { url: string }).url };
  throw new Error('the emulator process ended before it listened');
}

/** Every issue read back: cases without an issue and duplicates by label (pages sort every issue: slow past ~20k). */
async function readCensus(url: string, cases: number) {
  process.stderr.write('[bench backfill] census: reading every issue from Jira\n');
  const issues = await readJiraIssues(url);
  const perCase = new Map<string, number>();
  for (const issue of issues) for (const label of issue.labels) if (label.startsWith('sfcase-')) perCase.set(label, (perCase.get(label) ?? 0) + 1);
  const duplicates = [...perCase.values()].reduce((sum, n) => sum + n - 1, 0);
  return { issues: issues.length, casesWithIssue: perCase.size, casesWithoutIssue: cases - perCase.size, duplicates };
}

/** --quick-census: the issue count in Jira next to the cases linked in the database (equal counts: none missing, none twice). */
async function countIssues(url: string, rig: Awaited<ReturnType<typeof startBackfillRig>>) {
  const auth = { authorization: `Basic ${Buffer.from('bench@example.com:bench').toString('base64')}`, 'content-type': 'application/json' };
  const answer = await fetch(`${url}/rest/api/3/search/approximate-count`, { method: 'POST', headers: auth, body: JSON.stringify({ jql: 'labels is not EMPTY' }) });
  const issues = ((await answer.json()) as { count: number }).count;
  const linked = await rig.db.knex('links').where({ state: 'linked' }).countDistinct<Array<{ count: string }>>({ count: 'case_id' });
  return { issues, casesLinked: Number(linked[0]?.count ?? 0) };
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error(`config problems:\n${loaded.problems.join('\n')}`);
  const base = loaded.config.files.sync;
  if (!base) throw new Error('config/sync.yaml is missing');
  const backfill = { ...base.backfill, bulkAbove: options.bulkAbove, concurrency: options.concurrency, bulkPollMs: 200, heapGrowthPercent: options.heapGrowth ?? base.backfill.heapGrowthPercent };
  const sync = { ...base, backfill, jira: { ...base.jira, bulkCreateConcurrency: options.bulkCreates ?? base.jira.bulkCreateConcurrency } };
  const progress = (line: string) => process.stderr.write(`[bench backfill ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

  progress(`seeding ${options.cases} escalated cases in the emulator process`);
  const emulators = await startEmulators(options.cases, routingTopics(sync), options.emulatorProfile);
  const rig = await startBackfillRig({ sync, url: emulators.url, databaseUrl: loaded.config.env.databaseUrl });
  try {
    await fetch(`${emulators.url}/__sandbox/stats`, { method: 'DELETE' });
    progress(`database ${rig.db.kind}; backfill with concurrency ${options.concurrency}`);
    const loadAtStart = loadavg()[0]!;
    const startedMs = performance.now();
    const summary = await runBackfill(rig.context, {
      since: new Date('2000-01-01'),
      onProgress: (s) => {
        if (s.examined % 10_000 < 200) progress(`${s.examined}/${s.total ?? '?'} examined, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
      },
    });
    const wallMs = performance.now() - startedMs;
    const casebridgePeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const emulatorPeakRssMb = peakRssMbOf(emulators.child.pid!);
    // With node --expose-gc: what the heap still holds once the garbage is gone (retention, not GC laziness).
    (globalThis as { gc?: () => void }).gc?.();
    const heapAfterGcMb = Math.round(process.memoryUsage().heapUsed / 1048576);
    const stats = (await (await fetch(`${emulators.url}/__sandbox/stats`)).json()) as Parameters<typeof summarizeCalls>[0];
    const census = options.quickCensus ? await countIssues(emulators.url, rig) : await readCensus(emulators.url, options.cases);
    process.stdout.write(
      `${JSON.stringify({
        cases: options.cases,
        database: rig.db.kind,
        concurrency: options.concurrency,
        bulkCreateConcurrency: sync.jira.bulkCreateConcurrency,
        heapGrowthPercent: sync.backfill.heapGrowthPercent,
        summary,
        wallSeconds: round(wallMs / 1000, 1),
        casesPerSecond: round(options.cases / (wallMs / 1000), 1),
        // The machine is shared: the 1-minute load average when the backfill started and ended.
        loadAverage: { start: round(loadAtStart, 1), end: round(loadavg()[0]!, 1) },
        peakRssMb: { casebridge: casebridgePeakRssMb, emulators: emulatorPeakRssMb },
        casebridgeHeapAfterGcMb: heapAfterGcMb,
        calls: summarizeCalls(stats, options.cases, BACKFILL_MINIMUM),
        census,
      })}\n`,
    );
  } finally {
    await rig.close();
    emulators.child.kill('SIGTERM');
  }
}

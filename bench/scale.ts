/**
 * `npm run bench -- scale [--workers 1,2,4] [--latency-ms 200] [--cases 1200] [--batch 50]`
 *
 * Throughput of N `casebridge start --role worker` processes (production mode, child processes) on
 * one PostgreSQL (DATABASE_URL, a throwaway schema per round) against a sandbox in this process with
 * `--latency-ms` added to every Salesforce and Jira call. Each round creates the cases, starts the
 * workers, queues one job per case (as a backfill or a poll would) and times until every case shows
 * its Jira key. Prints JSON: cases/s per worker count and the speed-up against one worker.
 */
import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import { openDatabase } from '../src/adapters/store/database.js';
import { QUEUES } from '../src/engine/queue.js';
import { wakeupChannelOf } from '../src/engine/queue-wakeup.js';
import { createSandbox } from '../src/sandbox/server.js';
import { createCluster, waitFor } from '../test/integration/scale/cluster.js';

interface ScaleArgs {
  workers: number[];
  latencyMs: number;
  cases: number;
  batchSize: number;
}

/**
 * Hundreds of cases on a few services within minutes are an incident burst: every case would be
 * linked to an incident on its first pass, at a time that differs per round. Throughput is measured
 * on the mirror alone, so bursts are raised out of reach (incident opening has tests of its own).
 */
const NO_BURSTS = { 'incidents.yaml': (text: string) => text.replace(/burst: \{ cases: \d+/, 'burst: { cases: 10000') };

const TOPICS = ['driver_app', 'rider_app', 'payments_billing', 'corporate_portal', 'dispatch_pricing', 'account_access'];

function parseArgs(args: readonly string[]): ScaleArgs {
  const value = (name: string) => {
    const index = args.indexOf(`--${name}`);
    return index < 0 ? undefined : args[index + 1];
  };
  const integer = (name: string, fallback: number, min: number) => {
    const text = value(name);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs an integer >= ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  const workers = (value('workers') ?? '1,2,4').split(',').map(Number);
  if (workers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--workers needs a comma-separated list of counts >= 1, got ${JSON.stringify(value('workers'))}`);
  return { workers, latencyMs: integer('latency-ms', 200, 0), cases: integer('cases', 1200, 1), batchSize: integer('batch', 50, 1) };
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('bench scale needs DATABASE_URL (PostgreSQL): several processes share the queue');
  const progress = (line: string) => process.stderr.write(`[bench scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const rounds: Array<{ workers: number; wallMs: number; casesPerSecond: number; startMs: number; calls: Record<string, Record<string, number>> }> = [];
  for (const workers of options.workers) {
    progress(`${workers} worker(s): ${options.cases} cases, ${options.latencyMs} ms per API call, batch ${options.batchSize}`);
    rounds.push({ workers, ...(await runRound(databaseUrl, workers, options, progress)) });
  }
  const base = rounds.find((r) => r.workers === 1)?.casesPerSecond;
  const result = {
    bench: 'scale',
    settings: { ...options, node: process.version },
    rounds: rounds.map((r) => ({ ...r, speedUp: base ? Math.round((r.casesPerSecond / base) * 100) / 100 : null })),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

async function runRound(databaseUrl: string, workers: number, options: ScaleArgs, progress: (line: string) => void) {
  const webhookSecret = randomBytes(16).toString('hex');
  const sandbox = createSandbox({ seed: 0, webhookSecret });
  const running = await sandbox.listen(0, '127.0.0.1');
  const schema = `bench_scale_${randomBytes(3).toString('hex')}`;
  const caseIds: string[] = [];
  for (let i = 0; i < options.cases; i++) {
    const outcome = await sandbox.salesforce.runActor({
      system: 'salesforce',
      action: 'createCase',
      fields: { Subject: `Scale case ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: TOPICS[i % TOPICS.length] },
    });
    if (!outcome.ok) throw new Error(`creating a case: ${outcome.error}`);
    caseIds.push((outcome.result as { id: string }).id);
  }
  const cluster = createCluster({
    databaseUrl,
    schema,
    sandboxUrl: running.url,
    webhookSecret,
    workers,
    web: false,
    logLevel: 'warn',
    syncYaml: `engine: { batchSize: ${options.batchSize} }`,
    configEdits: NO_BURSTS,
  });
  const db = await openDatabase({ url: databaseUrl, schema });
  try {
    const startedAt = Date.now();
    await cluster.start();
    const startMs = Date.now() - startedAt;
    const rules = (['salesforce', 'jira'] as const).map((system) => ({ system, latencyMs: options.latencyMs }));
    await fetch(`${running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    await fetch(`${running.url}/__sandbox/stats`, { method: 'DELETE' });
    // Queued from here as the web's feeds would: one job per case, then one wake-up.
    const boss = new PgBoss({ connectionString: databaseUrl, schema: `${schema}_pgboss`, supervise: false, schedule: false, migrate: false, max: 2 });
    await boss.start();
    const t0 = Date.now();
    await boss.insert(caseIds.map((caseId) => ({ name: QUEUES.caseChanged, data: { caseId }, singletonKey: caseId })));
    await db.knex.raw('SELECT pg_notify(?, ?)', [wakeupChannelOf(schema), QUEUES.caseChanged]);
    const keyed = () => caseIds.filter((id) => typeof sandbox.salesforce.store.get('Case', id)?.Jira_Key__c === 'string').length;
    const ticker = setInterval(() => progress(`  ${keyed()}/${caseIds.length} mirrored`), 5000);
    try {
      await waitFor(() => keyed() === caseIds.length, 900_000);
    } finally {
      clearInterval(ticker);
    }
    const wallMs = Date.now() - t0;
    await boss.stop({ graceful: false, wait: true });
    const stats = (await (await fetch(`${running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
    const calls = Object.fromEntries((['salesforce', 'jira'] as const).map((system) => [system, stats[system].calls]));
    return { wallMs, casesPerSecond: Math.round((caseIds.length / (wallMs / 1000)) * 10) / 10, startMs, calls };
  } finally {
    await cluster.stop();
    await running.close();
    await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
    await db.close();
  }
}

/**
 * `casebridge sync --once` as a cron job runs it, with an optional SIGKILL at a chosen point: once
 * the sandbox has seen N more write calls (bulk creates, collections, comments, transitions) plus
 * a delay, i.e. between requests of a batch or inside one. The sandbox counts, not the child's
 * logs: a one-shot command logs only warnings.
 */
import type { Database } from '../../src/adapters/store/database.js';
import { queueSchemaOf } from '../../src/engine/queue.js';
import type { CallStatsSnapshot } from '../../src/sandbox/controls/stats.js';
import { startCli } from './cli.js';

/** The JSON line `sync --once` prints when it finishes. */
export interface SyncOnceSummary {
  polled: { cases: number; issues: number };
  jobsProcessed: number;
  created: number;
  deadLettered: number;
  [counter: string]: unknown;
}

export interface SyncOnceRun {
  killed: boolean;
  code: number | null;
  wallMs: number;
  /** Write calls the sandbox counted while the run lived (with `writeCalls`; both children's in an overlapping round). */
  writes: number;
  /** Absent when killed (or when the run failed before printing it). */
  summary?: SyncOnceSummary;
  output: string;
}

export interface KillPoint {
  /** Write calls the sandbox answers (or refuses) during the run before the kill timer starts. */
  afterWrites: number;
  /** Then this long, ms. */
  delayMs: number;
}

/** Write calls the sandbox has counted so far, accepted and refused. */
export function countWriteCalls(stats: CallStatsSnapshot): number {
  let writes = 0;
  for (const system of [stats.salesforce, stats.jira]) {
    for (const table of [system.calls, system.rejectedCalls]) {
      for (const [route, count] of Object.entries(table)) if (!route.startsWith('GET ') && !route.includes('/search/jql')) writes += count;
    }
  }
  return writes;
}

export async function runSyncOnce(env: Record<string, string | undefined>, options: { kill?: KillPoint; writeCalls?: () => number; timeoutMs?: number } = {}): Promise<SyncOnceRun> {
  const { kill, writeCalls = () => 0, timeoutMs = 180_000 } = options;
  const startedMs = Date.now();
  const writesAtStart = writeCalls();
  const child = startCli(['sync', '--once'], env);
  let killed = false;
  const watch = setInterval(() => {
    if (kill && writeCalls() - writesAtStart >= kill.afterWrites) {
      clearInterval(watch);
      setTimeout(() => (killed = child.child.kill('SIGKILL')), kill.delayMs);
    }
  }, 20);
  const deadline = setTimeout(() => child.child.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearInterval(watch);
  clearTimeout(deadline);
  const output = child.output();
  // A child that finished before the kill timer fired was not killed, whatever kill() answered later.
  const wasKilled = killed && code === null;
  return { killed: wasKilled, code, wallMs: Date.now() - startedMs, writes: writeCalls() - writesAtStart, summary: wasKilled ? undefined : readSummary(output), output };
}

function readSummary(output: string): SyncOnceSummary | undefined {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"polled"'));
  return line ? (JSON.parse(line) as SyncOnceSummary) : undefined;
}

/**
 * Time passes after runs that are all dead: their active jobs outlive the queue's expiry and their
 * create intents their lease, as by the next cron run an hour later. Only call it with no child running.
 */
export async function expireDeadRunsLeftovers(db: Database): Promise<void> {
  await db.knex.raw(`UPDATE "${queueSchemaOf(db)}".job SET started_on = started_on - interval '1 hour' WHERE state = 'active'`);
  await db.knex.raw(`UPDATE links SET updated_at = updated_at - interval '1 hour' WHERE state = 'creating'`);
}

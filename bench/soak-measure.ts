/**
 * The figures of `bench soak`: the queue read straight from pg-boss's job table (so a broken
 * queue client cannot hide its own backlog), slopes by least squares, RSS of a process by pid,
 * and the watch of the service's recovery after the PostgreSQL restart.
 */
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

export interface JobSample {
  /** Jobs created, waiting for a retry, or active. */
  pending: number;
  active: number;
  /** Active longer than their expiry: a job pg-boss's supervision should have taken back. */
  activePastExpiry: number;
  /** Jobs kept for later on purpose (start_after in the future: a create in doubt, a limit). */
  deferred: number;
  /** How long past its start time the most overdue waiting job is, seconds (0 when none): a job nobody takes. */
  mostOverdueSeconds: number;
  /** The latest completion of any job. */
  lastCompletedMs: number | null;
}

/** One read of the job table; null while the database does not answer (it is restarting). */
export async function readJobs(knex: Knex, queueSchema: string): Promise<JobSample | null> {
  try {
    const result = await knex.raw(`
      SELECT count(*) FILTER (WHERE state < 'completed') AS pending,
             count(*) FILTER (WHERE state = 'active') AS active,
             count(*) FILTER (WHERE state = 'active' AND started_on + expire_in < now()) AS past_expiry,
             count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now()) AS deferred,
             coalesce(extract(epoch FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry'))), 0) AS overdue,
             extract(epoch FROM max(completed_on)) * 1000 AS last_completed
        FROM "${queueSchema}".job`);
    const row = (result as { rows: Array<Record<string, string | number | null>> }).rows[0] ?? {};
    return {
      pending: Number(row.pending),
      active: Number(row.active),
      activePastExpiry: Number(row.past_expiry),
      deferred: Number(row.deferred),
      mostOverdueSeconds: Math.max(0, Math.round(Number(row.overdue))),
      lastCompletedMs: row.last_completed === null || row.last_completed === undefined ? null : Number(row.last_completed),
    };
  } catch {
    return null;
  }
}

/** Jobs by state at the end, the archive included, and the unfinished ones by queue and key. */
export async function jobCensus(knex: Knex, queueSchema: string) {
  const rows = (await knex.raw(`
      SELECT state, count(*) AS n FROM (SELECT state FROM "${queueSchema}".job UNION ALL SELECT state FROM "${queueSchema}".archive) AS all_jobs GROUP BY state`)) as {
    rows: Array<{ state: string; n: string }>;
  };
  const unfinished = (await knex.raw(`
      SELECT name, singleton_key, state, created_on FROM "${queueSchema}".job WHERE state < 'completed' OR state = 'failed' ORDER BY created_on LIMIT 10`)) as { rows: unknown[] };
  return { byState: Object.fromEntries(rows.rows.map((r) => [r.state, Number(r.n)])), unfinishedExamples: unfinished.rows };
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx;
}

/** Resident set of another process, MB (Linux /proc); null once it has ended. */
export function rssOfPid(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export interface Recovery {
  /** Seconds from the restart's end to the first answer of the database. */
  databaseBackSeconds: number | null;
  /** … to the first job completed after the restart: the workers took work again. */
  firstJobDoneSeconds: number | null;
  /** … to the backlog back at (or under) its median of the minute before the restart. */
  backlogBackSeconds: number | null;
}

/** Watches once a second, for up to `limitMs`, how the service comes back after the restart. */
export async function watchRecovery(read: () => Promise<JobSample | null>, restartedMs: number, baselinePending: number, limitMs = 300_000): Promise<Recovery> {
  const recovery: Recovery = { databaseBackSeconds: null, firstJobDoneSeconds: null, backlogBackSeconds: null };
  const since = () => Math.round((Date.now() - restartedMs) / 100) / 10;
  while (Date.now() - restartedMs < limitMs && recovery.backlogBackSeconds === null) {
    const sample = await read();
    if (sample) {
      recovery.databaseBackSeconds ??= since();
      if (recovery.firstJobDoneSeconds === null && sample.lastCompletedMs !== null && sample.lastCompletedMs > restartedMs) recovery.firstJobDoneSeconds = since();
      if (recovery.firstJobDoneSeconds !== null && sample.pending <= baselinePending) recovery.backlogBackSeconds = since();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return recovery;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
}

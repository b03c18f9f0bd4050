/**
 * What pg-boss's own job table says about how the work was shared: read across processes from the
 * database, so it holds whichever worker process ran a job.
 */
import type { Knex } from 'knex';
import { QUEUES } from '../../../src/engine/queue.js';

export interface QueueJobRow {
  id: string;
  name: string;
  singletonKey: string | null;
  state: string;
  retryCount: number;
  startAfterMs: number;
  startedOnMs: number | null;
  completedOnMs: number | null;
}

export async function readQueueJobs(knex: Knex, queueSchema: string): Promise<QueueJobRow[]> {
  const result = await knex.raw<{ rows: Array<Record<string, unknown>> }>(
    `SELECT id, name, singleton_key, state::text, retry_count, start_after, started_on, completed_on FROM "${queueSchema}".job WHERE name = ANY(?)
     UNION ALL SELECT id, name, singleton_key, state::text, retry_count, start_after, started_on, completed_on FROM "${queueSchema}".archive WHERE name = ANY(?)`,
    [Object.values(QUEUES), Object.values(QUEUES)],
  );
  const ms = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).getTime());
  return result.rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    singletonKey: (r.singleton_key as string | null) ?? null,
    state: String(r.state),
    retryCount: Number(r.retry_count),
    startAfterMs: ms(r.start_after)!,
    startedOnMs: ms(r.started_on),
    completedOnMs: ms(r.completed_on),
  }));
}

/** Jobs not yet finished (queued, waiting to retry, or active) that are due by `nowMs` (deferred ones are not). */
export function pendingJobs(rows: readonly QueueJobRow[], nowMs = Date.now()): QueueJobRow[] {
  return rows.filter((r) => (r.state === 'created' || r.state === 'retry' || r.state === 'active') && r.startAfterMs <= nowMs);
}

/**
 * How much earlier than the moment it could see the other job finish a fetch may stamp its job's
 * start. pg-boss writes `started_on = now()`, and now() is when the fetch's transaction began, before
 * PostgreSQL planned the statement and took its snapshot: a fetch that began a moment before the
 * other job's completion committed, and saw it committed, reads as starting a few ms before that
 * completion (1 ms seen at load 20). The real guarantee is pg-boss's unique index on active jobs per
 * key; a second worker on a record that is still running overlaps by the length of a whole batch.
 */
export const START_STAMP_SKEW_MS = 50;

/**
 * Pairs of jobs of one record (same queue and singleton key) that were active at the same time:
 * the same case or issue worked on by two workers at once.
 */
export function findOverlappingJobs(rows: readonly QueueJobRow[], skewMs = START_STAMP_SKEW_MS): Array<[QueueJobRow, QueueJobRow]> {
  const byKey = new Map<string, QueueJobRow[]>();
  for (const row of rows) {
    if (row.startedOnMs === null || row.singletonKey === null) continue;
    const key = `${row.name}|${row.singletonKey}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const overlaps: Array<[QueueJobRow, QueueJobRow]> = [];
  for (const jobs of byKey.values()) {
    jobs.sort((a, b) => a.startedOnMs! - b.startedOnMs!);
    for (let i = 1; i < jobs.length; i++) {
      const previous = jobs[i - 1]!;
      const endMs = previous.completedOnMs ?? Number.POSITIVE_INFINITY;
      if (jobs[i]!.startedOnMs! < endMs - skewMs) overlaps.push([previous, jobs[i]!]);
    }
  }
  return overlaps;
}

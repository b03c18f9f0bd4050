/**
 * Sync health, part one: where each change feed stands (its cursor) and the work waiting in the
 * queue (pg-boss's job table, read directly: the web role runs no queue of its own).
 */
import type { Knex } from 'knex';
import type { Config } from '../../../config/index.js';
import { QUEUES } from '../../../engine/queue.js';

export interface FeedHealth {
  label: string;
  /** The newest change the feed has read (its cursor), as an instant. */
  cursorAt: Date | null;
  /** When the cursor last moved: the last poll that read a page of changes. */
  lastAdvancedAt: Date | null;
  /** How far the cursor is behind now (ms). A quiet system grows this too; compare with the poll interval. */
  lagMs: number | null;
  pollIntervalSeconds: number | null;
}

export interface QueueHealth {
  queue: string;
  label: string;
  waiting: number;
  active: number;
  /** Age of the oldest job waiting (created or retry), ms; null when none waits. */
  oldestWaitingMs: number | null;
}

const FEEDS = [
  { cursor: 'salesforce.cases', label: 'Salesforce cases (SOQL poll on SystemModstamp)', interval: (c: Config) => c.files.sync?.salesforce.pollIntervalSeconds },
  { cursor: 'jira.issues', label: 'Jira issues (JQL poll on updated)', interval: (c: Config) => c.files.sync?.jira.pollIntervalSeconds },
] as const;

export async function loadFeedHealth(db: Knex, config: Config, now: Date): Promise<FeedHealth[]> {
  const rows = (await db('cursors')
    .whereIn(
      'name',
      FEEDS.map((f) => f.cursor),
    )
    .select('name', 'value', 'updated_at')) as Array<{ name: string; value: string; updated_at: Date }>;
  return FEEDS.map((feed) => {
    const row = rows.find((r) => r.name === feed.cursor);
    const cursorMs = row ? Date.parse(row.value) : NaN;
    return {
      label: feed.label,
      cursorAt: Number.isNaN(cursorMs) ? null : new Date(cursorMs),
      lastAdvancedAt: row ? new Date(row.updated_at) : null,
      lagMs: Number.isNaN(cursorMs) ? null : Math.max(0, now.getTime() - cursorMs),
      pollIntervalSeconds: feed.interval(config) ?? null,
    };
  });
}

const QUEUE_LABELS: Record<string, string> = { [QUEUES.caseChanged]: 'cases → Jira', [QUEUES.issueChanged]: 'issues → cases' };

/** Queue depth per sync queue; undefined when the queue's schema is absent (no worker has started it yet). */
export async function loadQueueHealth(db: Knex, schema: string, now: Date): Promise<QueueHealth[] | undefined> {
  const exists = (await db.raw('SELECT to_regclass(?) AS job', [`"${schema.replaceAll('"', '""')}".job`])) as { rows: Array<{ job: string | null }> };
  if (!exists.rows[0]?.job) return undefined;
  const names = Object.values(QUEUES);
  const result = (await db.raw(
    `SELECT name,
            count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
            count(*) FILTER (WHERE state = 'active')::int AS active,
            min(created_on) FILTER (WHERE state IN ('created', 'retry')) AS oldest
       FROM ??.job WHERE name IN (${names.map(() => '?').join(', ')}) GROUP BY name`,
    [schema, ...names],
  )) as { rows: Array<{ name: string; waiting: number; active: number; oldest: Date | null }> };
  return names.map((queue) => {
    const row = result.rows.find((r) => r.name === queue);
    return {
      queue,
      label: QUEUE_LABELS[queue] ?? queue,
      waiting: row?.waiting ?? 0,
      active: row?.active ?? 0,
      oldestWaitingMs: row?.oldest ? Math.max(0, now.getTime() - new Date(row.oldest).getTime()) : null,
    };
  });
}

/**
 * Work a dead process left behind. A process killed during a drain (SIGKILL, OOM, a lost node)
 * leaves its jobs `active`; nothing takes them again until pg-boss's maintenance expires them,
 * and that runs only on a timer inside a long-running process (`start`). `sync --once` runs
 * seconds, so it recovers them itself before it polls:
 *  1. pg-boss's own maintenance (`maintain()`): active jobs older than their expiry become retries
 *     (one attempt spent) exactly as `start` would make them;
 *  2. those retries are made due now instead of after the retry backoff, so this run processes
 *     them rather than the next one.
 * Jobs still within their expiry may belong to a live process and are left alone.
 */
import type PgBoss from 'pg-boss';
import type { Database } from '../adapters/store/database.js';
import { QUEUES, queueSchemaOf } from './queue.js';

/** pg-boss 10 stores this output on a job its maintenance failed for running past its expiry. */
const EXPIRED_MESSAGE = 'job failed by timeout in active state';

/** Returns how many abandoned jobs were handed back to the queues. */
export async function recoverAbandonedJobs(boss: PgBoss, db: Database): Promise<number> {
  await boss.maintain();
  const schema = queueSchemaOf(db);
  const result = (await db.knex.raw(
    `UPDATE "${schema}".job SET start_after = now()
      WHERE name = ANY(?) AND state = 'retry' AND start_after > now() AND output -> 'value' ->> 'message' = ?
      RETURNING id`,
    [Object.values(QUEUES), EXPIRED_MESSAGE],
  )) as { rows: unknown[] };
  return result.rows.length;
}

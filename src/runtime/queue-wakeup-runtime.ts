/** The queue wake-up for the database in use: NOTIFY across processes on PostgreSQL, in-process on PGlite. */
import pg from 'pg';
import type { Database } from '../adapters/store/database.js';
import type { EngineContext } from '../engine/context.js';
import { createInProcessWakeup } from '../engine/queue-wakeup.js';
import type { QueueWakeup } from '../engine/queue-wakeup.js';
import { startPostgresWakeup } from '../engine/queue-wakeup-postgres.js';

export async function openQueueWakeup(db: Database, context: Pick<EngineContext, 'config' | 'logger'>): Promise<QueueWakeup> {
  const gatherMs = context.config.engine.gatherMs;
  // The embedded database belongs to one process, so every worker it has is in here.
  if (db.kind !== 'postgres' || !db.url) return createInProcessWakeup({ gatherMs });
  const url = db.url;
  return startPostgresWakeup({
    schema: db.schema,
    gatherMs,
    connect: () => new pg.Client({ connectionString: url }),
    notify: (channel, payload) => db.knex.raw('SELECT pg_notify(?, ?)', [channel, payload]),
    logger: context.logger,
  });
}

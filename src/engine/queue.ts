/**
 * The work queue: pg-boss 10 on the same database as everything else. On PostgreSQL it uses its
 * own pool; on embedded PGlite it shares the single in-process connection through pg-boss's
 * `db.executeSql` hook.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../adapters/store/database.js';
import type { Logger } from '../logging.js';
import { installActiveKeyGate } from './queue-fetch.js';

/** Queue names: one per direction, as the change feeds see them. */
export const QUEUES = {
  caseChanged: 'case-to-jira',
  issueChanged: 'jira-to-case',
} as const;

/**
 * Retries of a whole batch (after its first run). Small on purpose: each request of a batch is
 * already retried on its own (`retries.maxAttempts` in sync.yaml), and work refused by a limit is
 * kept for later without spending one; a batch that still fails has a problem retries rarely fix.
 */
export const BATCH_RETRY_LIMIT = 3;

/**
 * Where pg-boss puts a sync job that failed without our handler deciding it: one that ran past its
 * expiry on its last attempt (a hung request, a killed process). The handler writes dead letters
 * for the failures it sees; this queue's worker writes them for these, so no record is dropped
 * silently.
 */
export const EXPIRED_JOBS_QUEUE = 'sync-expired';
/**
 * Seconds a running batch is protected: well above the retry waits one batch may hold in process
 * (`PASS_WAIT_BUDGET_MS`, 75 s) plus its requests, so no second worker takes a batch that waits.
 */
export const JOB_EXPIRY_SECONDS = 300;

export interface QueueOptions {
  /** Seconds an active job may run before pg-boss hands it to another worker (default {@link JOB_EXPIRY_SECONDS}). */
  expireInSeconds?: number;
  /** Retries of a failed batch before it is copied to dead letters (default {@link BATCH_RETRY_LIMIT}). */
  retryLimit?: number;
  /** Base retry delay in seconds, doubled per attempt (default 2). */
  retryDelaySeconds?: number;
  /** Where pg-boss's own errors (maintenance, polling) are logged. */
  logger?: Logger;
}

/** The schema pg-boss keeps its tables in: `pgboss`, or `<schema>_pgboss` beside a schema of our own. */
export function queueSchemaOf(db: Pick<Database, 'schema'>): string {
  return db.schema === 'public' ? 'pgboss' : `${db.schema}_pgboss`;
}

export async function startQueue(db: Database, options: QueueOptions = {}): Promise<PgBoss> {
  const schema = queueSchemaOf(db);
  const common = { schema, supervise: true, schedule: false, migrate: true } as const;
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ ...common, db: { executeSql: (text: string, values: unknown[]) => executeOnPglite(db, text, values) } })
      : new PgBoss({ ...common, connectionString: db.url, max: 4 });
  // Several workers on one stately queue: a record active elsewhere must not stall the whole fetch.
  installActiveKeyGate(boss);
  // An unhandled 'error' event would crash the process; these are pg-boss's own (maintenance, fetch).
  boss.on('error', (error: unknown) => options.logger?.error({ err: error }, 'queue error (pg-boss)'));
  await boss.start();
  // Several processes starting at once on one PostgreSQL would create and update the same queue rows
  // concurrently, which PostgreSQL answers with "deadlock detected": one at a time, across processes.
  await oneProcessAtATime(db, 'queue-setup', () => createQueues(boss, options));
  return boss;
}

async function createQueues(boss: PgBoss, options: QueueOptions): Promise<void> {
  await boss.createQueue(EXPIRED_JOBS_QUEUE, { name: EXPIRED_JOBS_QUEUE, policy: 'standard' });
  for (const name of Object.values(QUEUES)) {
    // stately: at most one queued and one active job per singleton key (case id / issue key),
    // so a burst of changes to one record collapses into one job.
    const settings = {
      name,
      policy: 'stately',
      retryLimit: options.retryLimit ?? BATCH_RETRY_LIMIT,
      retryDelay: options.retryDelaySeconds ?? 2,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? JOB_EXPIRY_SECONDS,
      deadLetter: EXPIRED_JOBS_QUEUE,
    } as const;
    await boss.createQueue(name, settings);
    // createQueue leaves an existing queue as it was: a database from an earlier release gets the
    // current settings (the dead-letter queue among them) here.
    await boss.updateQueue(name, settings);
  }
}

/**
 * Runs `work` holding a transaction-scoped advisory lock of this schema (PostgreSQL; the embedded
 * database has one process). pg-boss's statements go through its own pool meanwhile.
 */
async function oneProcessAtATime(db: Database, purpose: string, work: () => Promise<void>): Promise<void> {
  if (db.kind !== 'postgres') return work();
  await db.knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`${db.schema}:${purpose}`]);
    await work();
  });
}

/**
 * pg-boss sends its schema migrations as several statements without parameters; PGlite's
 * `query` prepares statements and so takes one at a time, while `exec` runs a script.
 */
async function executeOnPglite(db: Database, text: string, values: unknown[] | undefined): Promise<{ rows: never[] }> {
  const pglite = db.pglite!;
  if (!values || values.length === 0) {
    const results = await pglite.exec(text);
    return { rows: (results.at(-1)?.rows ?? []) as never[] };
  }
  return (await pglite.query(text, values as never[])) as { rows: never[] };
}

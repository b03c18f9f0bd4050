/**
 * The work queue: pg-boss 10 on the same database as everything else. On PostgreSQL it uses its
 * own pool; on embedded PGlite it shares the single in-process connection through pg-boss's
 * `db.executeSql` hook.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../adapters/store/database.js';

/** Queue names: one per direction, as the change feeds see them. */
export const QUEUES = {
  caseChanged: 'case-to-jira',
  issueChanged: 'jira-to-case',
} as const;

export interface QueueOptions {
  /** Seconds an active job may run before pg-boss hands it to another worker (default 120). */
  expireInSeconds?: number;
  /** Attempts before a job is failed for good and copied to dead letters (default 8). */
  retryLimit?: number;
  /** Base retry delay in seconds, doubled per attempt (default 2). */
  retryDelaySeconds?: number;
}

export async function startQueue(db: Database, options: QueueOptions = {}): Promise<PgBoss> {
  const schema = db.schema === 'public' ? 'pgboss' : `${db.schema}_pgboss`;
  const common = { schema, supervise: true, schedule: false, migrate: true } as const;
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ ...common, db: { executeSql: (text: string, values: unknown[]) => executeOnPglite(db, text, values) } })
      : new PgBoss({ ...common, connectionString: db.url, max: 4 });
  boss.on('error', () => {
    // Surfaced through the workers' own error handling; an unhandled 'error' event would crash the process.
  });
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    // stately: at most one queued and one active job per singleton key (case id / issue key),
    // so a burst of changes to one record collapses into one job.
    await boss.createQueue(name, {
      name,
      policy: 'stately',
      retryLimit: options.retryLimit ?? 8,
      retryDelay: options.retryDelaySeconds ?? 2,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? 120,
    });
  }
  return boss;
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

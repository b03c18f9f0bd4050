/**
 * A fix to how pg-boss 10.4 fetches from a `stately` queue when several workers share it.
 *
 * Stately allows one queued and one active job per singleton key (a case id, an issue key). pg-boss's
 * fetch takes the oldest queued jobs and marks them active in one UPDATE; when one of them has its key
 * active in another worker (a second change to a case while its first job runs), that UPDATE breaks the
 * one-active-per-key unique index, and pg-boss swallows the error and answers no jobs at all. Every
 * worker whose batch reaches that job then gets nothing until the other one finishes: with several
 * workers the queue stalls behind any record that changes twice (seen in the many-workers test).
 *
 * The gate adds one condition to the fetch's selection: skip a job whose key is active right now.
 * The unique index still guarantees one active job per key; the gate only keeps the rest of the batch
 * moving. pg-boss is pinned, and a unit test checks the gate applies to its fetch SQL as installed.
 */
import type PgBoss from 'pg-boss';

const FETCH_SELECTION = /(FROM\s+(\S+)\.job\s+WHERE\s+name\s*=\s*\$1\s+AND\s+state\s*<\s*'active')/;

/** The fetch SQL with the active-key gate added; other statements unchanged. */
export function gateActiveKeys(sql: string): string {
  if (!sql.includes('FOR UPDATE SKIP LOCKED') || !sql.includes('grouped')) return sql;
  return sql.replace(
    FETCH_SELECTION,
    (_all, selection: string, schema: string) =>
      `${selection} AND (singleton_key IS NULL OR NOT EXISTS (SELECT 1 FROM ${schema}.job running WHERE running.name = $1 AND running.state = 'active' AND running.singleton_key = job.singleton_key))`,
  );
}

/** True when `sql` is pg-boss's fetch and the gate can be added to it. */
export function isGateable(sql: string): boolean {
  return gateActiveKeys(sql) !== sql;
}

interface ExecuteSql {
  executeSql(text: string, values?: unknown[]): Promise<unknown>;
}

/** Routes every statement pg-boss sends through the gate (its own pool, or our PGlite adapter). */
export function installActiveKeyGate(boss: PgBoss): void {
  const db = (boss as unknown as { getDb(): ExecuteSql }).getDb();
  const executeSql = db.executeSql.bind(db);
  db.executeSql = (text: string, values?: unknown[]) => executeSql(gateActiveKeys(text), values);
}

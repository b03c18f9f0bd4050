/**
 * Claims on whole sync passes, across processes: a transaction-scoped PostgreSQL advisory lock per
 * case (`pg_try_advisory_xact_lock`), held by a transaction the pass keeps open on a connection of
 * its own and commits when it ends. Taken without waiting (a case held elsewhere is handed back),
 * and gone the moment the holder's connection closes, so a killed process holds nothing. The
 * schema is part of the key, so test suites sharing a database do not contend; a hash collision
 * only hands a case back for a moment. (Comment claims, `comment-claims.ts`, use another key.)
 */
import type { Knex } from 'knex';

/** Claims what is free of `caseIds` in `trx`; returns the case ids it now holds. */
export async function claimCasesForPass(trx: Knex.Transaction, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const result = await trx.raw<{ rows: Array<{ case_id: string }> }>(
    `SELECT case_id FROM unnest(?::text[]) AS ids(case_id)
      WHERE pg_try_advisory_xact_lock(hashtext(current_schema() || ':case-pass'), hashtext(case_id))`,
    [[...new Set(caseIds)]],
  );
  return new Set(result.rows.map((row) => row.case_id));
}

/**
 * True for a PostgreSQL server, where other processes may pass over the same cases. The embedded
 * database has one connection and one process (`embedded-lock.ts`): a transaction held for a whole
 * pass would stop the pass's own queries, and there is no other process to keep out.
 */
export function isSharedServer(db: Knex): boolean {
  return (db.client as { config?: { client?: unknown } }).config?.client === 'pg';
}

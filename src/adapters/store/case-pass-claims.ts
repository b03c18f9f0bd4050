/**
 * Claims on whole sync passes, across processes: a session-level PostgreSQL advisory lock per case
 * (`pg_try_advisory_lock`), all taken and given back on one connection this process keeps for
 * them. So a claim costs no pooled connection while its pass runs (passes at once never starve
 * the pool), and it ends with that connection when the process is killed. Taken without waiting
 * (a case held elsewhere is handed back). The schema is part of the key, so test suites sharing a
 * database do not contend; a hash collision only hands a case back for a moment.
 */
import knexFactory from 'knex';
import type { Knex } from 'knex';

const claimConnections = new WeakMap<Knex, Knex>();

/**
 * True for a PostgreSQL server, where other processes may pass over the same cases. The embedded
 * database has one connection and one process (`embedded-lock.ts`): nothing to keep out.
 */
export function isSharedServer(db: Knex): boolean {
  return (db.client as { config?: { client?: unknown } }).config?.client === 'pg';
}

/** The one connection this process claims cases on (opened at the first claim, kept open). */
function claimConnection(db: Knex): Knex {
  let claims = claimConnections.get(db);
  if (!claims) {
    const config = (db.client as { config: Knex.Config }).config;
    // Never idle-closed: the locks live on this session.
    claims = knexFactory({ ...config, pool: { min: 1, max: 1, idleTimeoutMillis: 2 ** 31 - 1 } });
    claimConnections.set(db, claims);
  }
  return claims;
}

/** Claims what is free of `caseIds`; returns the case ids this process now holds. */
export async function claimCasesForPass(db: Knex, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const result = await claimConnection(db).raw<{ rows: Array<{ case_id: string }> }>(
    `SELECT case_id FROM unnest(?::text[]) AS ids(case_id)
      WHERE pg_try_advisory_lock(hashtext(current_schema() || ':case-pass'), hashtext(case_id))`,
    [[...new Set(caseIds)]],
  );
  return new Set(result.rows.map((row) => row.case_id));
}

/** Gives back the claims of `caseIds` taken by `claimCasesForPass`. */
export async function releaseCasesOfPass(db: Knex, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await claimConnection(db).raw(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':case-pass'), hashtext(case_id)) FROM unnest(?::text[]) AS ids(case_id)`, [[...caseIds]]);
}

/** Closes the claim connection of `db` (its locks end with it); a later claim opens a new one. */
export async function closeClaimConnection(db: Knex): Promise<void> {
  const claims = claimConnections.get(db);
  claimConnections.delete(db);
  await claims?.destroy();
}

/**
 * `case_pass_claims`: one sync pass per case at a time, across processes. A claim is a lease
 * timed by the database's clock (every process agrees on it): taken without waiting, renewed
 * while the pass runs, released when it ends, and free for the taking once it has expired, so
 * a pass whose process died holds its cases no longer than one lease.
 */
import type { Db } from './db-handle.js';

/** Claims what is free (or expired) of `caseIds` for `passId`; returns the case ids it now holds. */
export async function claimCases(db: Db, passId: string, caseIds: readonly string[], leaseMs: number): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const result = await db.raw<{ rows: Array<{ case_id: string }> }>(
    `INSERT INTO case_pass_claims (case_id, pass_id, expires_at)
       SELECT case_id, ?::uuid, now() + make_interval(secs => ?) FROM unnest(?::text[]) AS ids(case_id)
     ON CONFLICT (case_id) DO UPDATE SET pass_id = excluded.pass_id, expires_at = excluded.expires_at
       WHERE case_pass_claims.expires_at <= now()
     RETURNING case_id`,
    [passId, leaseMs / 1000, [...new Set(caseIds)]],
  );
  return new Set(result.rows.map((row) => row.case_id));
}

/** Pushes the lease of every case `passId` holds forward; returns how many it still holds. */
export async function renewClaims(db: Db, passId: string, leaseMs: number): Promise<number> {
  return db('case_pass_claims')
    .where({ pass_id: passId })
    .update({ expires_at: db.raw('now() + make_interval(secs => ?)', [leaseMs / 1000]) });
}

/** Ends the pass's claims (only its own: a lease taken over after expiry stays with its new holder). */
export async function releaseClaims(db: Db, passId: string): Promise<void> {
  await db('case_pass_claims').where({ pass_id: passId }).delete();
}

import type { Knex } from 'knex';

/**
 * Claims on the comment step of cases: a transaction-scoped PostgreSQL advisory lock per case
 * (`pg_try_advisory_xact_lock`), so two passes over one case at once (a case job and an issue
 * job in two workers) never both decide that a comment is missing and both post it. A claim is
 * taken without waiting (a case another pass holds is left to a later pass) and ends with its
 * transaction, also when the process dies. The schema is part of the lock key, so databases
 * shared by several schemas (test suites) do not contend; a hash collision only defers a case.
 */
export async function claimCommentSteps(trx: Knex.Transaction, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const result = await trx.raw<{ rows: Array<{ case_id: string }> }>(
    `SELECT case_id FROM unnest(?::text[]) AS ids(case_id)
      WHERE pg_try_advisory_xact_lock(hashtext(current_schema() || ':case-comments'), hashtext(case_id))`,
    [[...new Set(caseIds)]],
  );
  return new Set(result.rows.map((row) => row.case_id));
}

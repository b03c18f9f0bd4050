/**
 * A sync pass runs only over the cases it holds: a case another pass holds right now is handed
 * back as contended, for a look a moment later, instead of being planned from reads that the
 * other pass's writes are about to make stale. Passes of this process are kept apart in memory;
 * on PostgreSQL, passes of other processes by advisory locks that are given back when the pass
 * ends, or end with the process's claim connection when it is killed (`case-pass-claims.ts`).
 */
import type { Knex } from 'knex';
import { claimCasesForPass, isSharedServer, releaseCasesOfPass } from '../adapters/store/case-pass-claims.js';
import type { EngineContext } from './context.js';

export interface ClaimedPass<T> {
  /** What `pass` returned for the held cases (undefined when none was free). */
  result: T | undefined;
  /** Cases another pass held: nothing was read or written for them. */
  contended: string[];
}

/** Cases held by the passes of this process, per database. */
const heldHere = new WeakMap<Knex, Set<string>>();

export async function withCasesClaimed<T>(ctx: Pick<EngineContext, 'db' | 'logger'>, caseIds: readonly string[], pass: (held: string[]) => Promise<T>): Promise<ClaimedPass<T>> {
  const ids = [...new Set(caseIds)];
  let local = heldHere.get(ctx.db);
  if (!local) heldHere.set(ctx.db, (local = new Set()));
  const free = ids.filter((id) => !local.has(id));
  // Claimed in memory first, before any await, so two passes of this process never both take a case.
  free.forEach((id) => local.add(id));
  let held: string[] = [];
  try {
    const claimed = isSharedServer(ctx.db) ? await claimCasesForPass(ctx.db, free) : new Set(free);
    held = free.filter((id) => claimed.has(id));
    const contended = ids.filter((id) => !held.includes(id));
    return { result: held.length > 0 ? await pass(held) : undefined, contended };
  } finally {
    free.forEach((id) => local.delete(id));
    if (isSharedServer(ctx.db)) {
      // Had this failed, the locks would end with the claim connection; log and carry on.
      await releaseCasesOfPass(ctx.db, held).catch((error: unknown) => ctx.logger.warn({ err: error }, 'giving back the case claims of a sync pass failed'));
    }
  }
}

/**
 * A sync pass runs only over the cases it holds: a case another pass holds right now is handed
 * back as contended, for a look a moment later, instead of being planned from reads that the
 * other pass's writes are about to make stale. The claim is renewed while the pass runs (a pass
 * may wait out retries for longer than one lease) and released when it ends, also on failure.
 */
import { randomUUID } from 'node:crypto';
import { claimCases, releaseClaims, renewClaims } from '../adapters/store/case-pass-claims.js';
import type { EngineContext } from './context.js';

/** Long enough to outlast a stalled request, short enough that a dead process's cases come back soon. */
export const PASS_CLAIM_LEASE_MS = 30_000;

export interface ClaimedPass<T> {
  /** What `pass` returned for the held cases (undefined when none was free). */
  result: T | undefined;
  /** Cases another pass held: nothing was read or written for them. */
  contended: string[];
}

export async function withCasesClaimed<T>(
  ctx: Pick<EngineContext, 'db' | 'logger'>,
  caseIds: readonly string[],
  pass: (held: string[]) => Promise<T>,
  leaseMs = PASS_CLAIM_LEASE_MS,
): Promise<ClaimedPass<T>> {
  const passId = randomUUID();
  const heldSet = await claimCases(ctx.db, passId, caseIds, leaseMs);
  const held = [...new Set(caseIds)].filter((id) => heldSet.has(id));
  const contended = [...new Set(caseIds)].filter((id) => !heldSet.has(id));
  if (held.length === 0) return { result: undefined, contended };
  const renewal = setInterval(() => {
    renewClaims(ctx.db, passId, leaseMs).then(
      (still) => still < held.length && ctx.logger.warn({ held: held.length, still }, 'a sync pass outlived its case claims; another pass may have taken some over'),
      (error: unknown) => ctx.logger.warn({ err: error }, 'renewing the case claims of a sync pass failed; they lapse at the end of their lease'),
    );
  }, leaseMs / 3);
  renewal.unref();
  try {
    return { result: await pass(held), contended };
  } finally {
    clearInterval(renewal);
    // A failed release only delays the next pass over these cases by what is left of the lease.
    await releaseClaims(ctx.db, passId).catch((error: unknown) => ctx.logger.warn({ err: error }, 'releasing the case claims of a sync pass failed'));
  }
}

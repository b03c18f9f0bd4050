/**
 * What one sync pass did, as the engine and the backfill read it, and the small helpers the pass's
 * steps share to fill it in.
 */
import type { Problem } from './problems.js';

export interface SyncOutcome {
  created: number;
  linked: number;
  caseUpdates: number;
  issueUpdates: number;
  transitions: number;
  commentsToJira: number;
  commentsToSalesforce: number;
  /**
   * Cases the pass could not settle: a create intent another worker holds or a create that may have
   * happened (the caller looks again after the lease), a comment write whose answer was lost, and
   * the cases of `heldByAnotherPass`.
   */
  deferred: string[];
  /**
   * The cases of `deferred` that only wait for another pass over them (its claim on the case, or on
   * the case's comment step, ends with that pass, not with a lease): the caller looks again shortly.
   */
  heldByAnotherPass: string[];
  /**
   * Cases with work an exhausted rate or API limit refused for now (nothing written): the caller
   * keeps them for later, after `retryAfterMs`, without spending an attempt.
   */
  refusedForNow: Array<{ caseId: string; retryAfterMs?: number }>;
  problems: Problem[];
}

/** Who asked for the pass, carried into the audit log. */
export interface PassMeta {
  correlationId: string;
  jobId?: string;
}

export function emptySyncOutcome(): SyncOutcome {
  return { created: 0, linked: 0, caseUpdates: 0, issueUpdates: 0, transitions: 0, commentsToJira: 0, commentsToSalesforce: 0, deferred: [], heldByAnotherPass: [], refusedForNow: [], problems: [] };
}

/** Adapters retry each request on their own; a write they could not do for now comes back per record and is kept for later. */
export function keepForLater(outcome: Pick<SyncOutcome, 'refusedForNow'>, caseId: string, error: { retryAfterMs?: number }): void {
  outcome.refusedForNow.push({ caseId, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
}

/** The values `source` holds for the keys of `keys` (null when absent): an audit entry's "before". */
export function pickValues(source: object, keys: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, (source as Record<string, unknown>)[k] ?? null]));
}

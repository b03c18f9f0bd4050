/**
 * One backfill pass over up to 200 cases, and the pool that runs several at once. A pass goes
 * through the ordinary sync pass (create intents, Jira bulk creates of 50, the request retry);
 * cases a rate limit refused are tried again after the Retry-After, and cases whose create is
 * unknown or whose intent is held elsewhere go to the deferred list for a look after the lease.
 */
import { CasebridgeError } from '../errors.js';
import type { BackfillSummary } from './backfill.js';
import type { DeferredCases } from './backfill-revisit.js';
import type { EngineContext } from './context.js';
import { syncCases } from './sync-cases.js';

/** Cases per sync pass: one sObject Collection, four Jira bulk creates. */
export const PASS_SIZE = 200;
/** Waits for a refused pass, bounded so a bad Retry-After cannot stall the run for hours. */
const MIN_WAIT_MS = 250;
const MAX_WAIT_MS = 60_000;

export interface PassState {
  summary: BackfillSummary;
  deferred: DeferredCases;
  /** Waits between refused attempts (tests pass a fast one). */
  sleep: (ms: number) => Promise<void>;
}

/**
 * Syncs `caseIds`; `revisit` marks cases deferred by an earlier pass (not examined again: counted
 * as revisited, and those an issue now carries without this pass creating one as recovered).
 */
export async function runBackfillPass(ctx: EngineContext, caseIds: readonly string[], state: PassState, revisit: boolean): Promise<void> {
  const { summary } = state;
  let ids = [...caseIds];
  if (revisit) summary.revisited = (summary.revisited ?? 0) + ids.length;
  for (let attempt = 1; ; attempt++) {
    const outcome = await syncCases(ctx, ids);
    const failed = new Set(outcome.problems.map((p) => p.caseId));
    const refused = new Set(outcome.refusedForNow.map((r) => r.caseId));
    const deferred = new Set(outcome.deferred.filter((id) => !refused.has(id)));
    state.deferred.defer([...deferred]);
    summary.created += outcome.created;
    summary.linked += outcome.linked;
    summary.failed += failed.size;
    const settled = ids.length - outcome.created - outcome.linked - failed.size - refused.size - deferred.size;
    // A revisited case settled without a create here was found by its label (the earlier create had landed).
    if (revisit) summary.recovered = (summary.recovered ?? 0) + Math.max(0, settled);
    else summary.skipped += Math.max(0, settled);
    summary.unsettled = state.deferred.unsettled.size;
    if (refused.size === 0) return;
    if (attempt >= ctx.config.retries.maxAttempts) {
      throw new CasebridgeError('BACKFILL_RATE_LIMITED', `backfill stopped: an API limit refused ${refused.size} cases ${attempt} times; run it again later (linked cases are skipped)`);
    }
    const waitMs = Math.max(...outcome.refusedForNow.map((r) => r.retryAfterMs ?? 0));
    await state.sleep(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, waitMs)));
    ids = ids.filter((id) => refused.has(id));
  }
}

/** At most `size` passes at once; the first failure is kept and stops new passes. */
export class PassPool {
  private readonly inFlight = new Set<Promise<void>>();
  failure: unknown;

  constructor(private readonly size: number) {}

  get running(): number {
    return this.inFlight.size;
  }

  get hasRoom(): boolean {
    return this.inFlight.size < this.size;
  }

  start(work: () => Promise<void>): void {
    const pass: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(pass));
    this.inFlight.add(pass);
  }

  /** Resolves when a pass ends, or after `maxMs` (when given) if none does. */
  async waitForOne(maxMs?: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waits: Promise<void>[] = [...this.inFlight];
    if (maxMs !== undefined) waits.push(new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs))));
    if (waits.length === 0) return;
    await Promise.race(waits);
    clearTimeout(timer);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/**
 * A large backfill: the cases come from one Salesforce Bulk API 2.0 query job (sets of
 * `backfill.bulkPageRecords`, one set held at a time) and go through the ordinary sync pass in
 * batches of 200, `backfill.concurrency` passes at once, so issues are created the one way the
 * engine creates them (create intents, Jira bulk creates of 50, the adapters' request retry).
 * A pass a rate limit refused waits the Retry-After and goes again; a pass that keeps being refused
 * stops the backfill. Bulk results have no order, so the resume cursor moves only once the whole job
 * is done; a run stopped half-way starts the job again and the passes skip what is already linked.
 */
import { advanceCursor } from '../adapters/store/cursors.js';
import type { CaseRecord } from '../domain/sync/records.js';
import { CasebridgeError } from '../errors.js';
import type { BackfillSummary } from './backfill.js';
import type { EngineContext } from './context.js';
import { syncCases } from './sync-cases.js';

/** Cases per sync pass: one sObject Collection, four Jira bulk creates. */
const PASS_SIZE = 200;
/** Waits for a refused pass, bounded so a bad Retry-After cannot stall the run for hours. */
const MIN_WAIT_MS = 250;
const MAX_WAIT_MS = 60_000;

export interface BulkBackfillRun {
  since: Date;
  cursorName: string;
  summary: BackfillSummary;
  onProgress?: (summary: BackfillSummary) => void;
  /**
   * Asked before each pass (the API-budget governor): false stops the run before it; the cursor does
   * not move, so a later run starts the job again and skips what is linked.
   */
  beforePass?: () => Promise<boolean>;
  /** Waits between refused attempts (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runBulkBackfill(ctx: EngineContext, run: BulkBackfillRun): Promise<BackfillSummary> {
  const list = ctx.cases.listChangedCasesInBulk;
  if (!list) throw new CasebridgeError('BULK_NOT_AVAILABLE', 'this case system cannot run Bulk API query jobs');
  const settings = ctx.config.backfill;
  const { summary } = run;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let last: CaseRecord | undefined;
  let stopped = false;

  const start = (batch: CaseRecord[]) => {
    const pass = syncWithWaits(ctx, batch, run.sleep ?? sleepFor)
      .then(() => {
        summary.examined += batch.length;
        run.onProgress?.({ ...summary });
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(pass));
    inFlight.add(pass);
  };

  const sets = list.call(ctx.cases, run.since, { pageRecords: settings.bulkPageRecords, pollMs: settings.bulkPollMs, timeoutMs: settings.bulkTimeoutMinutes * 60_000 });
  for await (const records of sets) {
    for (let i = 0; i < records.length; i += PASS_SIZE) {
      // At most `concurrency` passes at once; the next set is not read before these are under way.
      while (inFlight.size >= settings.concurrency && failure === undefined) await Promise.race(inFlight);
      if (failure !== undefined) break;
      if (run.beforePass && !(await run.beforePass())) {
        stopped = true;
        break;
      }
      start(records.slice(i, i + PASS_SIZE));
    }
    for (const record of records) if (!last || isLater(record, last)) last = record;
    if (failure !== undefined || stopped) break;
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  if (last && !stopped) await advanceCursor(ctx.db, run.cursorName, `${new Date(last.systemModstamp).toISOString()}|${last.id}`);
  return summary;

  async function syncWithWaits(context: EngineContext, batch: CaseRecord[], sleep: (ms: number) => Promise<void>): Promise<void> {
    let ids = batch.map((c) => c.id);
    for (let attempt = 1; ; attempt++) {
      const outcome = await syncCases(context, ids);
      const failed = new Set(outcome.problems.map((p) => p.caseId));
      summary.created += outcome.created;
      summary.linked += outcome.linked;
      summary.failed += failed.size;
      const refused = new Set(outcome.refusedForNow.map((r) => r.caseId));
      summary.skipped += ids.length - outcome.created - outcome.linked - failed.size - refused.size;
      if (refused.size === 0) return;
      if (attempt >= ctx.config.retries.maxAttempts) {
        throw new CasebridgeError('BACKFILL_RATE_LIMITED', `backfill stopped: an API limit refused ${refused.size} cases ${attempt} times; run it again later (linked cases are skipped)`);
      }
      const waitMs = Math.max(...outcome.refusedForNow.map((r) => r.retryAfterMs ?? 0));
      await sleep(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, waitMs)));
      ids = ids.filter((id) => refused.has(id));
    }
  }
}

function isLater(a: CaseRecord, b: CaseRecord): boolean {
  return a.systemModstamp > b.systemModstamp || (a.systemModstamp === b.systemModstamp && a.id > b.id);
}

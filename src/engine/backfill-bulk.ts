/**
 * A large backfill: the cases come from one Salesforce Bulk API 2.0 query job (sets of
 * `backfill.bulkPageRecords`, one set held at a time) and go through the ordinary sync pass in
 * batches of 200, `backfill.concurrency` passes at once, so issues are created the one way the
 * engine creates them (create intents, Jira bulk creates of 50, the adapters' request retry).
 * A pass a rate limit refused waits the Retry-After and goes again; a pass that keeps being refused
 * stops the backfill. Cases a pass deferred (a create with no answer, an intent held elsewhere) are
 * passed again once their lease has run out, between new passes and after the last set, until
 * none is left. Bulk results have no order, so the resume cursor moves only once the whole job
 * is done; a run stopped half-way starts the job again and the passes skip what is already linked.
 */
import { advanceCursor } from '../adapters/store/cursors.js';
import type { CaseRecord } from '../domain/sync/records.js';
import { CasebridgeError } from '../errors.js';
import type { BackfillSummary } from './backfill.js';
import { PASS_SIZE, PassPool, runBackfillPass, type PassState } from './backfill-pass.js';
import { DeferredCases } from './backfill-revisit.js';
import type { EngineContext } from './context.js';

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
  const state: PassState = { summary, deferred: new DeferredCases(ctx.intentLeaseMs), sleep: run.sleep ?? sleepFor };
  const pool = new PassPool(settings.concurrency);
  let last: CaseRecord | undefined;
  let stopped = false;

  /** Starts one pass when the pool has room and the budget allows; false when the run must stop. */
  const startPass = async (ids: string[], revisit: boolean): Promise<boolean> => {
    while (!pool.hasRoom && pool.failure === undefined) await pool.waitForOne();
    if (pool.failure !== undefined) return false;
    if (run.beforePass && !(await run.beforePass())) {
      stopped = true;
      return false;
    }
    pool.start(async () => {
      await runBackfillPass(ctx, ids, state, revisit);
      if (!revisit) summary.examined += ids.length;
      run.onProgress?.({ ...summary });
    });
    return true;
  };
  /** Passes the deferred cases whose lease has run out; false when the run must stop. */
  const revisitDue = async (): Promise<boolean> => {
    for (let due = state.deferred.takeDue(PASS_SIZE); due.length > 0; due = state.deferred.takeDue(PASS_SIZE)) {
      if (!(await startPass(due, true))) return false;
    }
    return true;
  };

  const sets = list.call(ctx.cases, run.since, { pageRecords: settings.bulkPageRecords, pollMs: settings.bulkPollMs, timeoutMs: settings.bulkTimeoutMinutes * 60_000 });
  reading: for await (const records of sets) {
    for (let i = 0; i < records.length; i += PASS_SIZE) {
      // At most `concurrency` passes at once; the next set is not read before these are under way.
      if (
        !(await revisitDue()) ||
        !(await startPass(
          records.slice(i, i + PASS_SIZE).map((c) => c.id),
          false,
        ))
      )
        break reading;
    }
    for (const record of records) if (!last || isLater(record, last)) last = record;
  }
  // Every deferred case is looked at again, however many leases that takes (bounded per case by MAX_REVISITS).
  while (pool.failure === undefined && !stopped && (pool.running > 0 || state.deferred.waiting > 0)) {
    if (!(await revisitDue())) break;
    await pool.waitForOne(state.deferred.msUntilNextDue());
  }
  await pool.drain();
  if (pool.failure !== undefined) throw pool.failure;
  if (state.deferred.unsettled.size > 0) {
    ctx.logger.warn({ cases: [...state.deferred.unsettled].slice(0, 20), count: state.deferred.unsettled.size }, 'backfill: creates still unanswered after every revisit; a later run settles them');
  }
  if (last && !stopped && state.deferred.unsettled.size === 0) await advanceCursor(ctx.db, run.cursorName, `${new Date(last.systemModstamp).toISOString()}|${last.id}`);
  return summary;
}

function isLater(a: CaseRecord, b: CaseRecord): boolean {
  return a.systemModstamp > b.systemModstamp || (a.systemModstamp === b.systemModstamp && a.id > b.id);
}

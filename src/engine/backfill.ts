/**
 * Mirrors existing cases: walks every case changed since a date, oldest first, through the same
 * sync pass as live changes. Resumable: a cursor (SystemModstamp and Id of the last case done)
 * is saved after each batch, so a restart continues where the last run stopped, and the create
 * intents make a batch interrupted half-way safe to run again.
 */
import { advanceCursor, getCursor } from '../adapters/store/cursors.js';
import { listLinksForCases } from '../adapters/store/links.js';
import { getSnapshots } from '../adapters/store/snapshots.js';
import { decideCase } from '../domain/sync/plan-case.js';
import type { CaseRecord } from '../domain/sync/records.js';
import type { EngineContext } from './context.js';
import { passCaseFields } from './read-fields.js';
import { syncCases } from './sync-cases.js';
import { CasebridgeError } from '../errors.js';
import { runBulkBackfill } from './backfill-bulk.js';
import type { BudgetGovernor } from './budget/governor.js';
import { waitForBackfillBudget } from './budget/backfill-budget.js';
import type { BudgetStop } from './budget/backfill-budget.js';
import { PASS_SIZE, runBackfillPass, type PassState } from './backfill-pass.js';
import { DeferredCases } from './backfill-revisit.js';
import { withHeapGrowth } from './backfill-heap.js';

export interface BackfillSummary {
  examined: number;
  created: number;
  linked: number;
  skipped: number;
  failed: number;
  resumedFrom: string | null;
  /** Cases this run will examine (one `SELECT COUNT()` before it starts); null when the system cannot count. */
  total: number | null;
  /** Cases looked at again after their create intent's lease (a create with no answer, an intent held elsewhere). */
  revisited?: number;
  /** Revisited cases an issue already carried (found by its case label): the create with no answer had landed. */
  recovered?: number;
  /** Cases still unsettled after every revisit (their intent stays; a later run settles them). 0 when all are done. */
  unsettled?: number;
  /** Set when the API-budget governor stopped the run (the cursor is saved: a later run resumes there). */
  stoppedForBudget?: BudgetStop;
}

export interface BackfillOptions {
  since: Date;
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (summary: BackfillSummary) => void;
  /** Asked before each batch: the backfill gives way to live work and stops at its share of the daily allocation. */
  governor?: BudgetGovernor;
  /** At the share: wait for the next window instead of stopping (default false: stop, resumable). */
  waitForBudget?: boolean;
  /** Test hook: how the backfill waits for the budget. */
  sleep?: (ms: number) => Promise<void>;
}

export async function runBackfill(ctx: EngineContext, options: BackfillOptions): Promise<BackfillSummary> {
  // The heap is collected sooner while the backfill runs (backfill-heap.ts says why).
  return withHeapGrowth(ctx.config.backfill.heapGrowthPercent, () => backfillCases(ctx, options));
}

async function backfillCases(ctx: EngineContext, options: BackfillOptions): Promise<BackfillSummary> {
  const cursorName = `backfill:${options.since.toISOString()}`;
  const resume = options.dryRun ? undefined : await getCursor(ctx.db, cursorName);
  const [resumeStamp, resumeId] = resume ? resume.split('|') : [undefined, undefined];
  const since = resumeStamp ? new Date(resumeStamp) : options.since;
  // Counted from where this run starts (a resumed run re-counts the few cases of its resume instant).
  const total = ctx.cases.countChangedCases ? await ctx.cases.countChangedCases(since) : null;
  const summary: BackfillSummary = { examined: 0, created: 0, linked: 0, skipped: 0, failed: 0, revisited: 0, recovered: 0, unsettled: 0, resumedFrom: resume ?? null, total };
  // Above the threshold one Bulk API query job reads the cases (a dry run stays on paged reads: it needs the fields).
  if (!options.dryRun && total !== null && total > ctx.config.backfill.bulkAbove && ctx.cases.listChangedCasesInBulk) {
    const governor = options.governor;
    const beforePass = governor
      ? async () => {
          const stop = await waitForBackfillBudget(governor, { waitForBudget: options.waitForBudget ?? false, sleep: options.sleep, logger: ctx.logger });
          if (stop) summary.stoppedForBudget = stop;
          return !stop;
        }
      : undefined;
    return runBulkBackfill(ctx, { since, cursorName, summary, onProgress: options.onProgress, beforePass });
  }
  const batchSize = options.batchSize ?? 200;
  // A dry run decides from the fields a pass would read; a real run lets the pass read them.
  const fields = options.dryRun ? passCaseFields(ctx) : [];

  const state: PassState = { summary, deferred: new DeferredCases(ctx.intentLeaseMs), sleep: options.sleep ?? sleepFor };
  let batch: CaseRecord[] = [];
  /** Runs the batch in hand; false when the budget stopped the run before it. */
  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    if (!options.dryRun && options.governor) {
      const stop = await waitForBackfillBudget(options.governor, { waitForBudget: options.waitForBudget ?? false, sleep: options.sleep, logger: ctx.logger });
      if (stop) {
        summary.stoppedForBudget = stop;
        return false;
      }
    }
    if (options.dryRun) await countDecisions(ctx, batch, summary);
    else {
      const outcome = await syncCases(
        ctx,
        batch.map((c) => c.id),
      );
      if (outcome.refusedForNow.length > 0) {
        // Work a limit refused is not done: stop before the cursor passes it; a run after the window resumes here.
        const retryAfterMs = Math.max(0, ...outcome.refusedForNow.map((r) => r.retryAfterMs ?? 0));
        throw new CasebridgeError(
          'BACKFILL_RATE_LIMITED',
          `backfill stopped: an API limit refused ${outcome.refusedForNow.length} cases of this batch; run it again after ${Math.ceil(retryAfterMs / 1000)} s to resume here`,
        );
      }
      const failedCases = new Set(outcome.problems.map((p) => p.caseId));
      state.deferred.defer(outcome.deferred);
      summary.created += outcome.created;
      summary.linked += outcome.linked;
      summary.failed += failedCases.size;
      summary.skipped += Math.max(0, batch.length - outcome.created - outcome.linked - failedCases.size - new Set(outcome.deferred).size);
      const last = batch.at(-1)!;
      await advanceCursor(ctx.db, cursorName, `${new Date(last.systemModstamp).toISOString()}|${last.id}`);
    }
    summary.examined += batch.length;
    options.onProgress?.({ ...summary });
    batch = [];
    return true;
  };

  const pages = ctx.cases.listChangedCases(since, fields);
  for await (const page of pages) {
    for (const record of page) {
      // Cases at the resume instant with an id at or before the last one done were done.
      if (resumeStamp && record.systemModstamp === resumeStamp && resumeId && record.id <= resumeId) continue;
      batch.push(record);
      if (batch.length >= batchSize && !(await flush())) return summary;
    }
  }
  if (!(await flush()) || options.dryRun) return summary;
  await revisitDeferred(ctx, state, options.onProgress);
  return summary;
}

/** Passes the deferred cases again once their lease has run out, until none is left (MAX_REVISITS each). */
async function revisitDeferred(ctx: EngineContext, state: PassState, onProgress: BackfillOptions['onProgress']): Promise<void> {
  for (let waitMs = state.deferred.msUntilNextDue(); waitMs !== undefined; waitMs = state.deferred.msUntilNextDue()) {
    // A real wait, not the test hook: the lease is checked against the database's clock.
    await sleepFor(waitMs);
    const due = state.deferred.takeDue(PASS_SIZE);
    if (due.length > 0) await runBackfillPass(ctx, due, state, true);
    onProgress?.({ ...state.summary });
  }
  if (state.deferred.unsettled.size > 0) {
    ctx.logger.warn({ cases: [...state.deferred.unsettled].slice(0, 20), count: state.deferred.unsettled.size }, 'backfill: creates still unanswered after every revisit; a later run settles them');
  }
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function countDecisions(ctx: EngineContext, batch: CaseRecord[], summary: BackfillSummary): Promise<void> {
  const ids = batch.map((c) => c.id);
  const live = await listLinksForCases(ctx.db, ids);
  const snapshots = await getSnapshots(ctx.db, 'salesforce', ids);
  for (const record of batch) {
    const link = live.find((l) => l.caseId === record.id);
    const keyWeWrote = (snapshots.get(record.id)?.get(ctx.config.mirror.jiraKeyField)?.value as string | undefined) ?? null;
    const decision = decideCase(ctx.config, record, { linkedIssueKey: link?.issueKey ?? null, keyWeWrote, topic: (record.fields.Topic__c as string | null) ?? null });
    if (decision.kind === 'create') summary.created++;
    else if (decision.kind === 'link' || decision.kind === 'relink') summary.linked++;
    else if (decision.kind === 'invalidKey') summary.failed++;
    else summary.skipped++;
  }
}

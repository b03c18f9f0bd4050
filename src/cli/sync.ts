/** `casebridge sync --once` and `casebridge backfill --since ISO [--dry-run]`. */
import type { Command } from 'commander';
import { runBackfill } from '../engine/backfill.js';
import { createDatabaseGovernor } from '../engine/budget/governor.js';
import { queueSchemaOf } from '../engine/queue.js';
import { createBackfillProgress } from './backfill-progress.js';
import { parseInstantOption } from './option-values.js';
import { withRuntime } from './run-with-runtime.js';
import { engineOf } from '../runtime/open-runtime.js';
import { attachIncidents } from '../runtime/incidents-runtime.js';
import { attachSla } from '../runtime/sla-runtime.js';

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('run the sync')
    // Not a required option: commander checks those before unknown ones, so `sync --onse` was told
    // "required option '--once' not specified" instead of "unknown option '--onse' (Did you mean --once?)".
    .option('--once', 'one pass of every feed, process what it queued, then exit (for cron and tests)')
    .action(async (options: { once?: boolean }) => {
      if (!options.once) {
        process.stderr.write('casebridge sync: give --once (one pass of both change feeds, then exit); `casebridge start` runs the sync continuously\n');
        process.exitCode = 1;
        return;
      }
      await withRuntime(async (runtime) => {
        const engine = engineOf(runtime);
        // The same pass extensions as the running service (SLA history, incidents); their
        // scheduled jobs belong to the service, not to a one-shot pass.
        attachIncidents(runtime, runtime.config);
        attachSla(runtime, runtime.config);
        // A run killed mid-drain left its jobs active; `start` would expire them, so does this.
        const recoveredJobs = await engine.recoverAbandonedJobs();
        const polled = await engine.engine.pollOnce();
        const processed = await engine.engine.drain();
        process.stdout.write(`${JSON.stringify({ polled, ...engine.engine.stats, jobsProcessed: processed, recoveredJobs })}\n`);
      });
    });

  program
    .command('backfill')
    .description('mirror existing matching cases changed since a date; resumable')
    .requiredOption('--since <iso>', 'ISO-8601 date or instant, e.g. 2026-01-01')
    .option('--dry-run', 'only count what would be created, linked and skipped')
    .option('--wait-for-budget', 'at sync.yaml budget.backfillShare of a daily API allocation, wait for the next window instead of stopping')
    .action(async (options: { since: string; dryRun?: boolean; waitForBudget?: boolean }) => {
      const parsed = parseInstantOption('--since', options.since, '2026-01-01');
      if (!parsed.ok) {
        process.stderr.write(`casebridge backfill: ${parsed.problem}\n`);
        process.exitCode = 1;
        return;
      }
      const since = new Date(parsed.ms);
      await withRuntime(
        async ({ context, db }) => {
          // A bar with percentage, rate and ETA on a terminal; a JSON line per batch otherwise.
          const progress = createBackfillProgress();
          // Live changes, incidents and the daily allocations come first (sync.yaml `budget`).
          const governor = createDatabaseGovernor(context.db, queueSchemaOf(db), context.config.budget);
          const summary = await runBackfill(context, { since, dryRun: options.dryRun, governor, waitForBudget: options.waitForBudget, onProgress: (s) => progress.update(s) }).finally(() =>
            progress.stop(),
          );
          if (summary.stoppedForBudget)
            process.stderr.write(`casebridge backfill: stopped for the API budget: ${summary.stoppedForBudget.reason}; run it again from ${summary.stoppedForBudget.resumeAt} to resume\n`);
          process.stdout.write(`${JSON.stringify({ dryRun: Boolean(options.dryRun), ...summary })}\n`);
        },
        { queue: false },
      );
    });
}

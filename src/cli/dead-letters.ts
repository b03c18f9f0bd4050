/** `casebridge dead-letters list | retry ID | retry --all`. */
import type { Command } from 'commander';
import { listDeadLetters } from '../adapters/store/dead-letters.js';
import { retryDeadLetters } from '../engine/dead-letter-retry.js';
import { engineOf } from '../runtime/open-runtime.js';
import { withRuntime } from './run-with-runtime.js';
import { withDatabase } from './with-database.js';

export function registerDeadLettersCommand(program: Command): void {
  const deadLetters = program.command('dead-letters').description('work that failed for good: list it, or hand it back to its queue');
  deadLetters
    .command('list')
    .option('--all', 'include letters already retried')
    .action((options: { all?: boolean }) =>
      withDatabase(async (db) => {
        const letters = await listDeadLetters(db.knex, { includeRetried: options.all });
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      }),
    );
  deadLetters
    .command('retry [id]')
    .option('--all', 'retry every pending letter')
    .action(async (id: string | undefined, options: { all?: boolean }) => {
      if (!options.all && (id === undefined || !/^\d+$/.test(id))) {
        process.stderr.write('casebridge dead-letters retry: give a numeric ID or --all\n');
        process.exitCode = 1;
        return;
      }
      await withRuntime(async (runtime) => {
        const result = await retryDeadLetters(runtime.db.knex, options.all ? 'all' : [Number(id)], engineOf(runtime).engine);
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.retried.length === 0) process.exitCode = 1;
      });
    });
}

/** `casebridge dead-letters list | retry ID | retry --all`. */
import type { Command } from 'commander';
import { claimForRetry, listDeadLetters } from '../adapters/store/dead-letters.js';
import { withRuntime } from './run-with-runtime.js';
import { engineOf } from '../runtime/open-runtime.js';
import { openConfiguredDatabase } from '../runtime/open-store.js';
import { loadValidConfig } from './load-config.js';

export function registerDeadLettersCommand(program: Command): void {
  const deadLetters = program.command('dead-letters').description('work that failed for good: list it, or hand it back to its queue');
  deadLetters
    .command('list')
    .option('--all', 'include letters already retried')
    .action(async (options: { all?: boolean }) => {
      const config = loadValidConfig();
      if (!config) return;
      const db = await openConfiguredDatabase(config);
      try {
        const letters = await listDeadLetters(db.knex, { includeRetried: options.all });
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      } finally {
        await db.close();
      }
    });
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
        const { db } = runtime;
        const engine = engineOf(runtime);
        const letters = await claimForRetry(db.knex, options.all ? 'all' : [Number(id)]);
        const caseIds = letters.flatMap((l) => payloadIds(l.payload, 'caseId', 'caseIds'));
        const issueKeys = letters.flatMap((l) => payloadIds(l.payload, 'issueKey', 'issueKeys'));
        await engine.engine.enqueueCases(caseIds);
        await engine.engine.enqueueIssues(issueKeys);
        process.stdout.write(`${JSON.stringify({ retried: letters.map((l) => l.id), caseIds, issueKeys })}\n`);
        if (letters.length === 0) process.exitCode = 1;
      });
    });
}

function payloadIds(payload: unknown, single: string, plural: string): string[] {
  const value = payload as Record<string, unknown> | null;
  if (!value) return [];
  const list = Array.isArray(value[plural]) ? (value[plural] as unknown[]) : value[single] !== undefined ? [value[single]] : [];
  return list.filter((v): v is string => typeof v === 'string');
}

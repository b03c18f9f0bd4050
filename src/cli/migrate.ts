/** `casebridge migrate [--down]`: applies pending migrations, or reverts the last one. */
import type { Command } from 'commander';
import { migrateDownOne, migrateLatest } from '../adapters/store/database.js';
import { openConfiguredDatabase } from '../runtime/open-store.js';
import { loadValidConfig } from './load-config.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (the Procfile release phase)')
    .option('--down', 'revert the most recent migration (one step)')
    .action(async (options: { down?: boolean }) => {
      const config = loadValidConfig();
      if (!config) return;
      const db = await openConfiguredDatabase(config);
      try {
        const names = options.down ? await migrateDownOne(db.knex) : await migrateLatest(db.knex);
        const verb = options.down ? 'reverted' : 'applied';
        process.stdout.write(names.length > 0 ? `${verb}: ${names.join(', ')}\n` : `nothing to ${options.down ? 'revert' : 'apply'}; schema is ${options.down ? 'empty' : 'current'}\n`);
      } finally {
        await db.close();
      }
    });
}

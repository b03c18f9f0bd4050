/** `casebridge migrate [--down]`: applies pending migrations, or reverts the last one. */
import type { Command } from 'commander';
import { migrateDownOne, migrateLatest } from '../adapters/store/database.js';
import { withDatabase } from './with-database.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (the Procfile release phase)')
    .option('--down', 'revert the most recent migration (one step)')
    .action((options: { down?: boolean }) =>
      withDatabase(async (db) => {
        const names = options.down ? await migrateDownOne(db.knex) : await migrateLatest(db.knex);
        const verb = options.down ? 'reverted' : 'applied';
        process.stdout.write(names.length > 0 ? `${verb}: ${names.join(', ')}\n` : `nothing to ${options.down ? 'revert' : 'apply'}; schema is ${options.down ? 'empty' : 'current'}\n`);
      }),
    );
}

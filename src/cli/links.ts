/** `casebridge links show CASE_ID|ISSUE_KEY`: which issue a case follows, or which cases an issue has. */
import type { Command } from 'commander';
import { findLiveLinks } from '../adapters/store/links.js';
import { withDatabase } from './with-database.js';

export function registerLinksCommand(program: Command): void {
  program
    .command('links')
    .description('inspect case ↔ issue links')
    .command('show <caseIdOrIssueKey>')
    .description('show the link of a case, or every case linked to an issue')
    .action((target: string) =>
      withDatabase(async (db) => {
        const found = await findLiveLinks(db.knex, target);
        if (found.length === 0) {
          process.stderr.write(`no live link for ${target}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      }),
    );
}

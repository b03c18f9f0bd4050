/** `casebridge links show CASE_NUMBER|CASE_ID|ISSUE_KEY`: which issue a case follows, or which cases an issue has. */
import type { Command } from 'commander';
import { findLiveLinksByName, isCaseNumber } from '../adapters/store/case-numbers.js';
import { withDatabase } from './with-database.js';

export function registerLinksCommand(program: Command): void {
  program
    .command('links')
    .description('inspect case ↔ issue links')
    .command('show <caseNumberIdOrIssueKey>')
    .description('show the link of a case (by case number such as 00001234, or by id), or every case linked to an issue')
    .action((target: string) =>
      withDatabase(async (db) => {
        const found = await findLiveLinksByName(db.knex, target);
        if (found.length === 0) {
          process.stderr.write(`no live link for ${isCaseNumber(target) ? `case number ${target}` : target}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      }),
    );
}

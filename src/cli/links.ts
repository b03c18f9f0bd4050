/** `casebridge links show CASE_ID|ISSUE_KEY`: which issue a case follows, or which cases an issue has. */
import type { Command } from 'commander';
import { getLiveLink, listLinksForIssue } from '../adapters/store/links.js';
import { ISSUE_KEY_PATTERN } from '../domain/sync/plan-case.js';
import { openConfiguredDatabase } from '../runtime/open-store.js';
import { loadValidConfig } from './load-config.js';

export function registerLinksCommand(program: Command): void {
  program
    .command('links')
    .description('inspect case ↔ issue links')
    .command('show <caseIdOrIssueKey>')
    .description('show the link of a case, or every case linked to an issue')
    .action(async (target: string) => {
      const config = loadValidConfig();
      if (!config) return;
      const db = await openConfiguredDatabase(config);
      try {
        const found = ISSUE_KEY_PATTERN.test(target) ? await listLinksForIssue(db.knex, target) : [await getLiveLink(db.knex, target)].filter((l) => l !== undefined);
        if (found.length === 0) {
          process.stderr.write(`no live link for ${target}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      } finally {
        await db.close();
      }
    });
}

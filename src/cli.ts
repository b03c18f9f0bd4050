#!/usr/bin/env node
/**
 * The `casebridge` command. Each sub-command lives in `src/cli/<name>.ts` and exports a
 * `register…Command(program)` function; this file only wires them together.
 */
import { Command } from 'commander';
import { registerConfigCommand } from './cli/config.js';
import { registerMigrateCommand } from './cli/migrate.js';
import { registerStartCommand } from './cli/start.js';
import { registerSyncCommands } from './cli/sync.js';
import { registerLinksCommand } from './cli/links.js';
import { registerDeadLettersCommand } from './cli/dead-letters.js';
import { registerSlaCommand } from './cli/sla.js';
import { registerClassifyCommand } from './cli/classify.js';
import { registerSandboxCommand } from './cli/sandbox.js';

const program = new Command('casebridge')
  .description('Keeps Salesforce support cases and Jira issues in step')
  .showHelpAfterError();

// Sub-commands register themselves here, one line each.
registerStartCommand(program);
registerMigrateCommand(program);
registerConfigCommand(program);
registerSyncCommands(program);
registerLinksCommand(program);
registerDeadLettersCommand(program);
registerSlaCommand(program);
registerClassifyCommand(program);
registerSandboxCommand(program);

await program.parseAsync(process.argv);

#!/usr/bin/env node
/**
 * The `casebridge` command. Each sub-command lives in `src/cli/<name>.ts` and exports a
 * `register…Command(program)` function; this file only wires them together.
 */
import { Command } from 'commander';

const program = new Command('casebridge')
  .description('Keeps Salesforce support cases and Jira issues in step')
  .showHelpAfterError();

// Sub-commands register themselves here, one line each.

await program.parseAsync(process.argv);

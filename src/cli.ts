#!/usr/bin/env node
/**
 * The `casebridge` command. Each sub-command lives in `src/cli/<name>.ts` and exports a
 * `register…Command(program)` function. Only the module of the sub-command being run is loaded
 * (start-up time matters for cron, the Procfile and crash-restart loops); `--help` loads them all.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

/** Sub-command name → its module's register function. Add one line per command. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  'config': () => import('./cli/config.js').then((m) => m.registerConfigCommand),
  'migrate': () => import('./cli/migrate.js').then((m) => m.registerMigrateCommand),
  'start': () => import('./cli/start.js').then((m) => m.registerStartCommand),
  'sync': () => import('./cli/sync.js').then((m) => m.registerSyncCommands),
  'backfill': () => import('./cli/sync.js').then((m) => m.registerSyncCommands),
  'links': () => import('./cli/links.js').then((m) => m.registerLinksCommand),
  'dead-letters': () => import('./cli/dead-letters.js').then((m) => m.registerDeadLettersCommand),
  'sla': () => import('./cli/sla.js').then((m) => m.registerSlaCommand),
  'classify': () => import('./cli/classify.js').then((m) => m.registerClassifyCommand),
  'sandbox': () => import('./cli/sandbox.js').then((m) => m.registerSandboxCommand),
  'owners': () => import('./cli/owners.js').then((m) => m.registerOwnersCommand),
  'incidents': () => import('./cli/incidents.js').then((m) => m.registerIncidentsCommand),
  'doctor': () => import('./cli/doctor.js').then((m) => m.registerDoctorCommand),
  'jira': () => import('./cli/jira-setup.js').then((m) => m.registerJiraCommand),
};

const program = new Command('casebridge')
  .description('Keeps Salesforce support cases and Jira issues in step')
  .showHelpAfterError();

const requested = process.argv[2];
const loaders = requested && requested in COMMANDS ? [COMMANDS[requested]!] : [...new Set(Object.values(COMMANDS))];
const registered = new Set<Register>();
for (const load of loaders) {
  const register = await load();
  // sync and backfill share one module: register it once.
  if (!registered.has(register)) register(program);
  registered.add(register);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line for the person at the terminal, with any secret from the environment scrubbed.
  const { collectSecretValues } = await import('./config/env.js');
  const { makeScrubber } = await import('./logging.js');
  const scrub = makeScrubber(collectSecretValues());
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`casebridge: ${scrub(message)}\n`);
  process.exitCode = 1;
}

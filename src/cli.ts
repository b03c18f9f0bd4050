#!/usr/bin/env node
/**
 * The `casebridge` command. Each sub-command lives in `src/cli/<name>.ts` and exports a
 * `register…Command(program)` function. Only the module of the sub-command being run is loaded
 * (start-up time matters for cron, the Procfile, crash-restart loops and a person typing `--help`):
 * the top-level help is built from the names and descriptions below, without importing any module.
 */
import { Command } from 'commander';
import type { Option } from 'commander';

type Register = (program: Command) => void;

interface CommandEntry {
  /** One line for `casebridge --help` (the module's own description shows in `casebridge NAME --help`). */
  summary: string;
  load: () => Promise<Register>;
}

/** Sub-command name → what it is and how to load it. Add one entry per command. */
const COMMANDS: Record<string, CommandEntry> = {
  start: { summary: 'run casebridge (sandbox mode when no Salesforce/Jira credentials are set)', load: () => import('./cli/start.js').then((m) => m.registerStartCommand) },
  migrate: { summary: 'bring the database schema up to date (the Procfile release phase)', load: () => import('./cli/migrate.js').then((m) => m.registerMigrateCommand) },
  config: { summary: 'work with the configuration files (config check)', load: () => import('./cli/config.js').then((m) => m.registerConfigCommand) },
  sync: { summary: 'one pass of both change feeds, then exit (sync --once)', load: () => import('./cli/sync.js').then((m) => m.registerSyncCommands) },
  backfill: { summary: 'mirror existing matching cases changed since a date; resumable', load: () => import('./cli/sync.js').then((m) => m.registerSyncCommands) },
  links: { summary: 'inspect case ↔ issue links (links show CASE_NUMBER|CASE_ID|ISSUE_KEY)', load: () => import('./cli/links.js').then((m) => m.registerLinksCommand) },
  'dead-letters': { summary: 'work that failed for good: list it, or hand it back to its queue', load: () => import('./cli/dead-letters.js').then((m) => m.registerDeadLettersCommand) },
  sla: { summary: 'SLA clocks on business calendars (sla compute, sla report)', load: () => import('./cli/sla.js').then((m) => m.registerSlaCommand) },
  classify: { summary: 'classify a case (topic, priority, reasons); train and evaluate the text model', load: () => import('./cli/classify.js').then((m) => m.registerClassifyCommand) },
  owners: { summary: 'the service-owner directory (owners who SERVICE|TOPIC)', load: () => import('./cli/owners.js').then((m) => m.registerOwnersCommand) },
  incidents: { summary: 'incidents opened from cases (incidents list)', load: () => import('./cli/incidents.js').then((m) => m.registerIncidentsCommand) },
  sandbox: { summary: 'run the Salesforce and Jira Cloud emulators standalone', load: () => import('./cli/sandbox.js').then((m) => m.registerSandboxCommand) },
  doctor: {
    summary: 'check the connected Salesforce org, Jira site and notification channels against the config; exit 1 on any failure',
    load: () => import('./cli/doctor.js').then((m) => m.registerDoctorCommand),
  },
  jira: { summary: 'prepare the Jira site (jira setup [--apply])', load: () => import('./cli/jira-setup.js').then((m) => m.registerJiraCommand) },
};

const program = new Command('casebridge')
  .description('Keeps Salesforce support cases and Jira issues in step')
  .showHelpAfterError()
  .addHelpText('after', '\nRun `casebridge COMMAND --help` for the options of a command.');

/** The command the arguments name (`casebridge help sync` names sync too), if it is one of ours. */
function requestedCommand(args: readonly string[]): string | undefined {
  const [first, second] = args;
  const name = first === 'help' ? second : first;
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

const requested = requestedCommand(process.argv.slice(2));
if (requested) {
  (await COMMANDS[requested]!.load())(program);
} else {
  // Help, or a mistyped command: names and descriptions are enough (commander suggests the closest).
  for (const [name, entry] of Object.entries(COMMANDS)) program.command(name).description(entry.summary);
}

/**
 * Commander reports a missing required option before an unknown one, so `backfill --sinse 2026-01-01`
 * would say "required option '--since' not specified" and hide the typo. Each required option is
 * checked instead just before the action, after commander has named any unknown option.
 */
function reportUnknownOptionsFirst(command: Command): void {
  const required: Option[] = command.options.filter((option) => option.mandatory);
  for (const option of required) option.makeOptionMandatory(false);
  if (required.length > 0) {
    command.hook('preAction', () => {
      const missing = required.find((option) => command.getOptionValue(option.attributeName()) === undefined);
      if (missing) command.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    });
  }
  for (const sub of command.commands) reportUnknownOptionsFirst(sub);
}
reportUnknownOptionsFirst(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line for the person at the terminal, with any secret from the environment scrubbed.
  const { collectSecretValues } = await import('./config/env-secrets.js');
  const { makeScrubber } = await import('./logging.js');
  const scrub = makeScrubber(collectSecretValues());
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`casebridge: ${scrub(message)}\n`);
  process.exitCode = 1;
}

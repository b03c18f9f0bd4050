/** `casebridge jira setup [--apply]`: creates what the Jira site lacks (custom fields, the admin webhook). */
import type { Command } from 'commander';
import { makeScrubber } from '../logging.js';
import { loadValidConfig } from './load-config.js';
import { parsePublicUrl } from './option-values.js';

export function registerJiraCommand(program: Command): void {
  const jira = program.command('jira').description('prepare the Jira site');
  jira
    .command('setup')
    .description('create the missing custom fields and register the webhook; without --apply, print what it would do')
    .option('--apply', 'make the changes (default: only print them)')
    .option('--public-url <url>', 'the URL Jira reaches this deployment at (the webhook goes to <url>/webhooks/jira)', parsePublicUrl)
    .action(async (options: { apply?: boolean; publicUrl?: string }) => {
      const config = loadValidConfig({ deferProductionChecks: true });
      if (!config) return;
      const { connectClients } = await import('../runtime/systems.js');
      const { applyJiraSetup, describeStep, planJiraSetup } = await import('../doctor/jira-setup.js');
      const scrub = makeScrubber(config.secretValues);
      const out = (line: string) => process.stdout.write(scrub(`${line}\n`));
      const clients = await connectClients(config, { seed: 0, simulatorIntervalMs: false });
      try {
        const severities = [...new Set(Object.values(config.files.incidents?.opening.severityByPriority ?? {}))];
        const plan = await planJiraSetup(clients.jira, config.files, { secret: clients.webhookSecret, publicUrl: options.publicUrl, sandbox: clients.sandbox !== undefined, severities });
        for (const line of plan.inPlace) out(`✓ ${line}`);
        if (plan.steps.length === 0) {
          out('nothing to do: the Jira site has what the config needs');
          return;
        }
        if (!options.apply) {
          for (const step of plan.steps) out(`would ${describeStep(step)}`);
          out('dry run: nothing was changed; run again with --apply to make these changes');
          return;
        }
        for (const line of await applyJiraSetup(clients.jira, plan, clients.webhookSecret)) out(line);
        for (const step of plan.steps.filter((s) => s.kind === 'manual')) out(describeStep(step));
        if (plan.steps.some((s) => s.kind === 'manual')) process.exitCode = 1;
      } finally {
        await clients.close();
      }
    });
}

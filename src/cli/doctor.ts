/** `casebridge doctor`: live checks against the configured systems, one checklist line per check. */
import type { Command } from 'commander';
import { makeScrubber } from '../logging.js';
import { loadValidConfig } from './load-config.js';
import { parsePublicUrl } from './option-values.js';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the connected Salesforce org, Jira site and notification channels against the config; exit 1 on any failure')
    .option('--public-url <url>', 'the URL Jira reaches this deployment at (checks the webhook points there)', parsePublicUrl)
    .option('--post-test-message', 'post a test message to the Slack webhook')
    .action(async (options: { publicUrl?: string; postTestMessage?: boolean }) => {
      // The production-only config checks are part of the checklist, not a reason to stop before it.
      const config = loadValidConfig({ deferProductionChecks: true });
      if (!config) return;
      const { connectClients } = await import('../runtime/systems.js');
      const { runDoctor } = await import('../doctor/run.js');
      const { formatChecklist } = await import('../doctor/checks.js');
      const scrub = makeScrubber(config.secretValues);
      const target =
        config.mode === 'sandbox'
          ? 'SANDBOX (the in-process emulators)'
          : `${config.env.salesforce && 'instanceUrl' in config.env.salesforce ? config.env.salesforce.instanceUrl : 'Salesforce'} and ${config.env.jira!.baseUrl}`;
      process.stdout.write(`casebridge doctor — ${target}\n`);
      const clients = await connectClients(config, { seed: 0, simulatorIntervalMs: false });
      try {
        const results = await runDoctor(config, clients, { publicUrl: options.publicUrl, postTestMessage: options.postTestMessage });
        process.stdout.write(scrub(formatChecklist(results)));
        if (results.some((r) => r.status === 'fail')) process.exitCode = 1;
      } finally {
        await clients.close();
      }
    });
}

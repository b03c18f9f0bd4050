/** `casebridge config check [--dir DIR]`: every problem with file:line:col, or a summary. */
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('work with the configuration files');
  config
    .command('check')
    .description('validate config files and environment; exit 1 listing every problem')
    .option('--dir <dir>', 'config directory (default: CASEBRIDGE_CONFIG_DIR or ./config)')
    .action((options: { dir?: string }) => {
      const result = loadConfig({ configDir: options.dir });
      if (!result.ok) {
        for (const problem of result.problems) process.stdout.write(`${problem}\n`);
        process.stdout.write(`${result.problems.length} problem(s) found\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${summarize(result.config, result.configFiles).join('\n')}\n`);
    });
}

function summarize(config: Config, files: string[]): string[] {
  const lines = [`config OK: ${files.length} file(s): ${files.join(', ')}`, `mode: ${config.mode}${config.mode === 'sandbox' ? ' (no Salesforce/Jira credentials in the environment)' : ''}`];
  const sync = config.files.sync;
  if (sync) {
    lines.push(
      `sync: ${sync.routing.rules.length} routing rule(s) + default ${sync.routing.default.project}; ${sync.fields.length} field mapping(s); ` +
        `${Object.keys(sync.statusMap.toSalesforce).length} Jira → case and ${Object.keys(sync.statusMap.toJira).length} case → Jira status mappings`,
    );
  }
  for (const name of Object.keys(config.files).filter((n) => n !== 'sync')) lines.push(`${name}: loaded`);
  return lines;
}

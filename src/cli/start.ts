/** `casebridge start [--role all|web|worker|scheduler]`: runs the service until SIGTERM/SIGINT. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { startCasebridge, ROLES } from '../runtime/start.js';
import type { Role } from '../runtime/start.js';
import { createLogger } from '../logging.js';
import { loadValidConfig } from './load-config.js';
import { parsePort } from './option-values.js';

/** A stop that takes longer than this is cut short: the platform kills us at ~10 s anyway. */
const SHUTDOWN_DEADLINE_MS = 9_000;

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run casebridge (sandbox mode when no Salesforce/Jira credentials are set)')
    .addOption(new Option('--role <role>', 'which part to run').choices(ROLES).default('all'))
    .option('--port <port>', 'HTTP port (overrides PORT)', parsePort)
    .action(async (options: { role: Role; port?: number }) => {
      const config = loadValidConfig();
      if (!config) return;
      const logger = createLogger({ level: config.env.logLevel, secretValues: config.secretValues });
      const running = await startCasebridge({ config, logger, role: options.role, port: options.port });
      printBanner(running.mode, options.role, running.listenAddress, config.env.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.env.dataDir}`);

      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        setTimeout(() => {
          logger.error('shutdown deadline passed; exiting with work possibly in flight (queued jobs are retried)');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
        running.stop().then(
          () => {
            logger.info('stopped');
            process.exitCode = 0;
          },
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exitCode = 1;
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}

function printBanner(mode: string, role: string, listenAddress: string | undefined, database: string): void {
  const lines =
    mode === 'sandbox'
      ? ['casebridge — SANDBOX mode: no Salesforce/Jira credentials set, using the built-in emulators.', 'Nothing here touches a real org or site.']
      : ['casebridge — PRODUCTION mode: connected to the configured Salesforce org and Jira site.'];
  // The address actually bound: `[::]` or `0.0.0.0` means every interface, which a person should know.
  const http = listenAddress ? `   http: http://${listenAddress}${/^(\[::\]|0\.0\.0\.0):/.test(listenAddress) ? ' (every interface)' : ''}` : '';
  lines.push(`role: ${role}   database: ${database}${http}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

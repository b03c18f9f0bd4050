/** Runs a one-shot command with the config, logger and runtime open, and closes them after. */
import { createLogger } from '../logging.js';
import type { Logger } from '../logging.js';
import type { Config } from '../config/index.js';
import { openRuntime } from '../runtime/open-runtime.js';
import type { OpenRuntime } from '../runtime/open-runtime.js';
import { loadValidConfig } from './load-config.js';

export async function withRuntime(work: (runtime: OpenRuntime, config: Config, logger: Logger) => Promise<void>, options: { queue?: boolean } = {}): Promise<void> {
  const config = loadValidConfig();
  if (!config) return;
  // One-shot commands print their own results on stdout; logs go to stderr so output stays parseable.
  const logger = createLogger({ level: config.env.logLevel === 'info' ? 'warn' : config.env.logLevel, secretValues: config.secretValues, destination: (await import('pino')).pino.destination(2) });
  if (config.mode === 'sandbox') {
    process.stderr.write(
      'casebridge — SANDBOX mode: a fresh in-process emulator with demo cases stands in for Salesforce and Jira, with a throwaway in-memory database; the stored state (of the last `casebridge start`) is left as it is.\n',
    );
  }
  const runtime = await openRuntime(config, logger, { sandbox: { simulatorIntervalMs: false }, queue: options.queue, oneShot: true });
  try {
    await work(runtime, config, logger);
  } finally {
    await runtime.close();
  }
}

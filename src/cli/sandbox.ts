/**
 * `casebridge sandbox`: runs the Salesforce + Jira emulators standalone and prints where they are.
 * Stops cleanly on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { createSandbox } from '../sandbox/server.js';
import { parsePort } from './option-values.js';

interface SandboxFlags {
  port: number;
  host: string;
  seed: string;
  jiraSeed: string;
  randomSeed: string;
  webhookUrl?: string;
  outboundUrl?: string;
  strictAuth?: boolean;
  simulate?: boolean;
  simulateIntervalMs: string;
  tokenTtlMs: string;
  jwtPublicKeyFile?: string;
}

function toInteger(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new InvalidInputError(`--${flag} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

function toUrl(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return new URL(text).toString();
  } catch {
    throw new InvalidInputError(`--${flag} must be an absolute URL, got "${text}"`);
  }
}

function readPublicKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`--jwt-public-key-file: cannot read ${path}`, { cause: error });
  }
}

/** Registers `casebridge sandbox`. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Run the Salesforce and Jira Cloud emulators (one HTTP server) with seeded demo data')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <count>', 'number of demo cases to seed', '0')
    .option('--jira-seed <count>', 'number of demo Jira issues to seed', '0')
    .option('--random-seed <seed>', 'seed of every random choice', '1')
    .option('--webhook-url <url>', 'send Jira webhooks (all events) to this URL')
    .option('--outbound-url <url>', 'send Salesforce Outbound Messages to this URL')
    .option('--strict-auth', 'Salesforce accepts only tokens issued by its token endpoint, and they expire')
    .option('--simulate', 'run the random activity simulator (agents and developers)')
    .option('--simulate-interval-ms <ms>', 'simulator tick', '3000')
    .option('--token-ttl-ms <ms>', 'lifetime of issued Salesforce tokens under --strict-auth', '7200000')
    .option('--jwt-public-key-file <path>', 'PEM public key; JWT bearer assertions must then carry a valid RS256 signature')
    .action(async (flags: SandboxFlags) => {
      try {
        const sandbox = createSandbox({
          seed: toInteger('seed', flags.seed, 0),
          jiraSeed: toInteger('jira-seed', flags.jiraSeed, 0),
          randomSeed: toInteger('random-seed', flags.randomSeed, 0),
          webhookUrl: toUrl('webhook-url', flags.webhookUrl),
          outboundUrl: toUrl('outbound-url', flags.outboundUrl),
          strictAuth: flags.strictAuth ?? false,
          tokenTtlMs: toInteger('token-ttl-ms', flags.tokenTtlMs, 1000),
          jwtPublicKey: flags.jwtPublicKeyFile ? readPublicKey(flags.jwtPublicKeyFile) : undefined,
          simulator: flags.simulate ? { intervalMs: toInteger('simulate-interval-ms', flags.simulateIntervalMs, 50) } : false,
        });
        const running = await sandbox.listen(flags.port, flags.host);
        process.stdout.write(
          `${JSON.stringify({
            url: running.url,
            salesforce: { instanceUrl: running.url, apiVersion: '62.0', tokenUrl: `${running.url}/services/oauth2/token` },
            jira: { host: running.url },
            controls: `${running.url}/__sandbox`,
            cases: toInteger('seed', flags.seed, 0),
          })}\n`,
        );
        const stop = (): void => {
          void running.close().then(() => process.stderr.write('sandbox stopped\n'));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

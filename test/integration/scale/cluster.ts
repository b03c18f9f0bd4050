/**
 * casebridge as a deployment runs it: `start --role web` and N `start --role worker` child processes
 * (production mode, the Procfile's roles) on one PostgreSQL, pointed at a sandbox running apart from
 * them. Used by the many-workers test and `npm run bench -- scale`.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCli } from '../../helpers/cli.js';
import type { Started } from '../../helpers/cli.js';
import { freePort } from '../../helpers/free-port.js';

export type ClusterRole = 'web' | 'worker' | 'scheduler';

export interface ClusterProcess {
  role: ClusterRole;
  name: string;
  started: Started;
}

export interface ClusterOptions {
  databaseUrl: string;
  /** casebridge's schema on that database (the queue uses `<schema>_pgboss`). */
  schema: string;
  /** Base URL of the sandbox (Salesforce instance and Jira site at once). */
  sandboxUrl: string;
  webhookSecret: string;
  workers: number;
  /** Start the `--role web` process (default true); without it nothing polls or serves webhooks. */
  web?: boolean;
  /** Extra `--role scheduler` processes beside the web (schedules racing for the same slots). */
  schedulers?: number;
  /** Appended to the copied sync.yaml (YAML text), e.g. an `engine:` block. */
  syncYaml?: string;
  /** Appended to the copied reports.yaml `reports:` list. */
  reportsYaml?: string;
  /** Edits of other copied config files by name, e.g. `{ 'incidents.yaml': (text) => ... }` (a bench turning bursts off). */
  configEdits?: Record<string, (text: string) => string>;
  logLevel?: string;
}

export interface Cluster {
  webUrl: string;
  dataDir: string;
  processes: ClusterProcess[];
  /** JSON log lines of one process (lines that are not JSON are left out). */
  logOf(name: string): Array<Record<string, unknown>>;
  /** Migrates, starts every process and waits until the web answers and every banner is printed. */
  start(): Promise<void>;
  /** SIGTERM to every process, then waits for them to exit (SIGKILL past the deadline). */
  stop(): Promise<void>;
}

/** Environment of a production-mode child against the sandbox; the same for every role. */
export function clusterEnv(options: ClusterOptions, configDir: string, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: options.schema,
    CASEBRIDGE_CONFIG_DIR: configDir,
    CASEBRIDGE_DATA_DIR: dataDir,
    SALESFORCE_INSTANCE_URL: options.sandboxUrl,
    SALESFORCE_ACCESS_TOKEN: 'cluster-session',
    JIRA_BASE_URL: options.sandboxUrl,
    JIRA_EMAIL: 'casebridge@integration.example',
    JIRA_API_TOKEN: 'cluster-token',
    JIRA_WEBHOOK_SECRET: options.webhookSecret,
    LOG_LEVEL: options.logLevel ?? 'info',
    NOTIFICATIONS: 'off',
    // Production serves the console only behind a sign-in.
    CONSOLE_OPERATOR_TOKEN: 'cluster-operator-token-0123456789',
    // The example config's alert intake and PagerDuty services need their secrets in production.
    ALERTS_TOKEN: 'cluster-alerts-token-0123456789',
    PAGERDUTY_ROUTING_KEY_DRIVER_APP: 'a'.repeat(32),
    PAGERDUTY_ROUTING_KEY_PAYMENTS: 'b'.repeat(32),
    PAGERDUTY_WEBHOOK_SECRET: 'cluster-pagerduty-webhook-secret',
  };
}

/** A copy of config/ with the given additions. */
export function copyConfig(options: Pick<ClusterOptions, 'syncYaml' | 'reportsYaml' | 'configEdits'>): string {
  const configDir = mkdtempSync(path.join(tmpdir(), 'casebridge-cluster-config-'));
  cpSync('config', configDir, { recursive: true });
  if (options.syncYaml) append(path.join(configDir, 'sync.yaml'), options.syncYaml);
  if (options.reportsYaml) append(path.join(configDir, 'reports.yaml'), options.reportsYaml);
  for (const [file, edit] of Object.entries(options.configEdits ?? {})) writeFileSync(path.join(configDir, file), edit(readFileSync(path.join(configDir, file), 'utf8')));
  return configDir;
}

function append(file: string, text: string): void {
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${text}\n`);
}

/**
 * A cluster not started yet: `start()` migrates (the release phase), starts web, schedulers and
 * workers and waits for them; `stop()` ends whatever has started, so a hook that times out mid-start
 * leaves no process behind.
 */
export function createCluster(options: ClusterOptions): Cluster {
  const configDir = copyConfig(options);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-cluster-data-'));
  const env = clusterEnv(options, configDir, dataDir);
  const processes: ClusterProcess[] = [];
  let stopped = false;
  const cluster = {
    webUrl: '',
    dataDir,
    processes,
    logOf: (name: string) => parseJsonLines(processes.find((p) => p.name === name)?.started.output() ?? ''),
    start: async () => {
      const migrated = await runCli(['migrate'], env, 120_000);
      if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
      const port = await freePort();
      cluster.webUrl = `http://127.0.0.1:${port}`;
      const launch = (role: ClusterRole, name: string, args: string[]) => {
        if (!stopped) processes.push({ role, name, started: startCli(['start', '--role', role, ...args], env) });
      };
      if (options.web !== false) launch('web', 'web', ['--port', String(port)]);
      for (let i = 0; i < (options.schedulers ?? 0); i++) launch('scheduler', `scheduler-${i + 1}`, []);
      for (let i = 0; i < options.workers; i++) launch('worker', `worker-${i + 1}`, []);
      const exited = new Set<string>();
      for (const p of processes) void p.started.exited.then(() => exited.add(p.name));
      const assertRunning = () => {
        const dead = processes.filter((p) => exited.has(p.name));
        if (dead.length > 0) throw new Error(`exited while starting: ${dead.map((p) => `${p.name}: ${p.started.output().slice(-800)}`).join('\n')}`);
      };
      if (options.web !== false) {
        let lastAnswer = '';
        await waitFor(
          async () => {
            assertRunning();
            const answer = await fetch(`${cluster.webUrl}/readyz`).catch(() => undefined);
            lastAnswer = answer ? `${answer.status} ${await answer.text()}` : 'no answer';
            return answer?.ok === true;
          },
          240_000,
          () => `web /readyz: ${lastAnswer}`,
        );
      }
      // Every process prints its banner once started (workers fetching, schedules ticking).
      await waitFor(
        () => (assertRunning(), processes.every((p) => p.started.output().includes('casebridge — PRODUCTION'))),
        240_000,
        () => processes.map((p) => `${p.name}: ${p.started.output().slice(-500)}`).join('\n'),
      );
    },
    stop: async () => {
      stopped = true;
      for (const p of processes) p.started.child.kill('SIGTERM');
      await Promise.all(
        processes.map((p) => {
          const timer = setTimeout(() => p.started.child.kill('SIGKILL'), 15_000);
          return p.started.exited.finally(() => clearTimeout(timer));
        }),
      );
    },
  };
  return cluster;
}

function parseJsonLines(text: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by the kill
    }
  }
  return lines;
}

export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

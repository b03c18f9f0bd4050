/**
 * `casebridge doctor`: every check against the configured systems (in sandbox mode, the in-process
 * emulators), as one checklist. `runStartChecks` is the fast subset production `start` runs.
 */
import type { Config } from '../config/index.js';
import { CasebridgeError } from '../errors.js';
import { connectClients } from '../runtime/systems.js';
import type { SystemClients } from '../runtime/systems.js';
import { formatFatal } from './checks.js';
import type { CheckResult } from './checks.js';
import { checkCustomFields, checkJiraFast, checkProjects, checkWebhook } from './jira.js';
import { checkNotifications } from './notify.js';
import { checkSalesforce, checkSalesforceFast } from './salesforce.js';

export interface DoctorOptions {
  /** The URL Jira reaches this deployment at (for the webhook check). */
  publicUrl?: string;
  /** Post a test message to Slack. */
  postTestMessage?: boolean;
}

/** All checks, in checklist order: Salesforce, Jira, notification channels. */
export async function runDoctor(config: Config, clients: SystemClients, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const { files } = config;
  const push = files.sync!.salesforce.push !== false;
  const salesforce = await checkSalesforce({ connection: clients.salesforce, files, organizationId: clients.organizationId, push });
  const jiraFast = await checkJiraFast(clients.jira, files);
  const jira = jiraFast.fields
    ? [
        ...jiraFast.results,
        ...(await checkProjects(clients.jira, files)),
        await checkWebhook(clients.jira, files, { secret: clients.webhookSecret, publicUrl: options.publicUrl, sandbox: clients.sandbox !== undefined }),
      ]
    : jiraFast.results;
  const notify = await checkNotifications({ files, env: config.env, production: config.mode === 'production', postTestMessage: options.postTestMessage ?? false });
  return [...salesforce, ...jira, ...notify];
}

/**
 * What production `start` checks before it runs: both sides authenticate, the Case has every field
 * the config reads, and the Jira custom fields resolve. Only fatal failures are returned.
 */
export async function runStartChecks(config: Config, clients: SystemClients): Promise<CheckResult[]> {
  const salesforce = await checkSalesforceFast({ connection: clients.salesforce, files: config.files, organizationId: clients.organizationId, push: false });
  const jira = await checkJiraFast(clients.jira, config.files);
  const fieldCheck = jira.fields ? [checkCustomFields(jira.fields, config.files)] : [];
  const all = [...salesforce.results, ...jira.results.filter((r) => r.name !== 'Jira custom fields'), ...fieldCheck];
  return all.filter((r) => r.status === 'fail' && r.fatal);
}

/** `start` refused to run: the failed checks, each with its fix (the lines doctor prints). */
export class StartChecksFailedError extends CasebridgeError {
  override name = 'StartChecksFailedError';
  constructor(readonly lines: readonly string[]) {
    super('START_CHECKS_FAILED', `refusing to start: ${lines.length} check(s) failed (run \`casebridge doctor\` for the full list):\n${lines.map((l) => `  ✗ ${l}`).join('\n')}`);
  }
}

/**
 * Connects and runs the start checks; throws StartChecksFailedError on a fatal failure. Answers the
 * connected clients, so the runtime goes on with the same sign-in and field list.
 */
export async function assertStartChecks(config: Config): Promise<SystemClients> {
  const clients = await connectClients(config);
  let failed: CheckResult[];
  try {
    failed = await runStartChecks(config, clients);
  } catch (error) {
    await clients.close();
    throw error;
  }
  if (failed.length > 0) {
    await clients.close();
    throw new StartChecksFailedError(formatFatal(failed));
  }
  return clients;
}

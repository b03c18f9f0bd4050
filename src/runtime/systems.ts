/**
 * Connects the engine to Salesforce and Jira: the real ones in production mode, or an in-process
 * sandbox (both emulators on a loopback port, reached through the same jsforce and jira.js
 * clients) in sandbox mode.
 */
import { createRequestRetry, type RetryHooks } from '../engine/retry.js';
import { apiRetries } from '../metrics.js';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { CaseSystem, IssueSystem } from '../engine/ports.js';
import { jiraFieldsToRead } from '../engine/read-fields.js';
import { connectSalesforce } from '../adapters/salesforce/connect.js';
import { createSalesforceCaseSystem } from '../adapters/salesforce/case-system.js';
import { createJiraIssueSystem } from '../adapters/jira/issue-system.js';
import { connectJira } from '../adapters/jira/connect.js';
import type { RunningSandbox, Sandbox } from '../sandbox/server.js';
import type { Connection } from 'jsforce';
import type { Version3Client } from 'jira.js';
import { JiraFieldResolutionError, listJiraFields } from '../adapters/jira/fields.js';
import type { JiraSlaFields } from '../engine/sla/runtime.js';
import { resolveConfiguredJiraFields } from './jira-field-ids.js';

/** The raw API clients, for checks that need more than the engine's ports (doctor, jira setup). */
export interface SystemClients {
  salesforce: Connection;
  jira: Version3Client;
  /** Jira site URL (also the sandbox's URL in sandbox mode). */
  jiraBaseUrl: string;
  /** Salesforce org id accepted on Outbound Messages (configured; the emulator's in sandbox mode). */
  organizationId?: string;
  /** Secret of Jira webhook signatures. */
  webhookSecret: string;
  /** Present in sandbox mode. */
  sandbox?: { sandbox: Sandbox; running: RunningSandbox };
  /** Salesforce user id of the integration user, when known without a call (sandbox). */
  integrationUserId?: string;
  close(): Promise<void>;
}

export interface ConnectedSystems {
  cases: CaseSystem;
  issues: IssueSystem;
  /** The config with Jira custom field names resolved to this site's ids; use it instead of the loaded one. */
  config: Config;
  /** The SLA's Jira fields, resolved. */
  slaJiraFields: JiraSlaFields;
  clients: SystemClients;
  /** Salesforce org id accepted on Outbound Messages. */
  organizationId?: string;
  /** Secret of Jira webhook signatures. */
  webhookSecret: string;
  /** Present in sandbox mode. */
  sandbox?: { sandbox: Sandbox; running: RunningSandbox };
  /** The Jira side again, reading these extra fields as well (for capabilities that need more). */
  issuesReading(extraFields: readonly string[]): IssueSystem;
  /** Points the systems' push deliveries (Jira webhooks, Outbound Messages) at our HTTP server. */
  setPushTarget(baseUrl: string): void;
  close(): Promise<void>;
}

export interface SandboxSettings {
  /** Demo cases seeded into the in-process Salesforce emulator (default 40). */
  seed?: number;
  /** Random people acting in both systems every this many ms; false turns it off (default 4000). */
  simulatorIntervalMs?: number | false;
}

/** Connects the clients only: the real systems in production mode, an in-process sandbox otherwise. */
export async function connectClients(config: Config, sandboxSettings: SandboxSettings = {}): Promise<SystemClients> {
  const sync = config.files.sync!;
  if (config.mode === 'production') {
    const jira = config.env.jira!;
    return {
      salesforce: await connectSalesforce(config.env.salesforce!),
      jira: connectJira(jira),
      jiraBaseUrl: jira.baseUrl,
      organizationId: sync.salesforce.organizationId,
      webhookSecret: config.env.jiraWebhookSecret!,
      close: async () => undefined,
    };
  }
  // Sandbox: a random secret per run, shared with the emulator that signs the deliveries.
  const webhookSecret = config.env.jiraWebhookSecret ?? randomBytes(24).toString('hex');
  const interval = sandboxSettings.simulatorIntervalMs ?? 4000;
  // Loaded only in sandbox mode: production processes never pay for the emulators.
  const { createSandbox } = await import('../sandbox/server.js');
  const { makeSalesforceId } = await import('../sandbox/salesforce/ids.js');
  const organizationId = makeSalesforceId('00D', 1);
  const sandbox = createSandbox({ seed: sandboxSettings.seed ?? 40, webhookSecret, organizationId, simulator: interval === false ? false : { intervalMs: interval } });
  const running = await sandbox.listen(0, '127.0.0.1');
  return {
    salesforce: await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'sandbox-session' }),
    // The same client set-up as production (request timeout included), pointed at the emulator.
    jira: connectJira({ baseUrl: running.url, email: sync.jira.integrationEmail, apiToken: 'sandbox-token' }),
    jiraBaseUrl: running.url,
    organizationId,
    webhookSecret,
    sandbox: { sandbox, running },
    integrationUserId: sandbox.salesforce.people().integrationUserId,
    close: () => running.close(),
  };
}

/**
 * Connects the engine's ports. The Jira custom fields the config names are resolved here, once, from
 * the site's field list; a name that resolves to nothing (or to several fields) stops the start with
 * every such problem listed.
 */
export async function connectSystems(config: Config, sandboxSettings: SandboxSettings = {}, options: { retryHooks?: RetryHooks; clients?: SystemClients } = {}): Promise<ConnectedSystems> {
  // Production start has connected already (its start checks): the same clients go on.
  const clients = options.clients ?? (await connectClients(config, sandboxSettings));
  // The one retry layer: every request of both adapters, retried alone, by sync.yaml's `retries`.
  const retry = createRequestRetry(config.files.sync!.retries, {
    ...options.retryHooks,
    onRetry: (info) => {
      apiRetries.inc({ operation: info.operation });
      options.retryHooks?.onRetry?.(info);
    },
  });
  try {
    const resolved = resolveConfiguredJiraFields(config.files, await listJiraFields(clients.jira));
    if (!resolved.ok) throw new JiraFieldResolutionError(resolved.problems);
    const resolvedConfig: Config = { ...config, files: resolved.files };
    const sync = resolved.files.sync!;
    const extraFields = jiraFieldsToRead(sync);
    const issuesReading = (more: readonly string[]) =>
      createJiraIssueSystem({
        client: clients.jira,
        baseUrl: clients.jiraBaseUrl,
        extraFields: [...new Set([...extraFields, ...more])],
        caseLabelPrefix: labelPrefix(sync),
        retry,
        bulkCreateConcurrency: sync.jira.bulkCreateConcurrency,
      });
    const { sandbox } = clients;
    return {
      cases: createSalesforceCaseSystem({ connection: clients.salesforce, retry, ...(clients.integrationUserId ? { integrationUserId: clients.integrationUserId } : {}) }),
      issues: issuesReading([]),
      issuesReading,
      config: resolvedConfig,
      slaJiraFields: resolved.slaFields,
      clients,
      organizationId: clients.organizationId,
      webhookSecret: clients.webhookSecret,
      ...(sandbox ? { sandbox } : {}),
      // Real systems are pointed at us by their admins (Jira webhook, Outbound Message endpoint).
      setPushTarget: (baseUrl) => {
        sandbox?.sandbox.jira.setWebhookTarget(`${baseUrl}/webhooks/jira`, clients.webhookSecret);
        sandbox?.sandbox.salesforce.setOutboundUrl(`${baseUrl}/webhooks/salesforce`);
      },
      close: () => clients.close(),
    };
  } catch (error) {
    await clients.close();
    throw error;
  }
}

function labelPrefix(sync: SyncConfig): string {
  return sync.jira.caseLabel.split('{caseId}')[0] ?? 'sfcase-';
}

/**
 * Connects the engine to Salesforce and Jira: the real ones in production mode, or an in-process
 * sandbox (both emulators on a loopback port, reached through the same jsforce and jira.js
 * clients) in sandbox mode.
 */
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

export interface ConnectedSystems {
  cases: CaseSystem;
  issues: IssueSystem;
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

export async function connectSystems(config: Config, sandboxSettings: SandboxSettings = {}): Promise<ConnectedSystems> {
  const sync = config.files.sync!;
  const extraFields = jiraFieldsToRead(sync);
  if (config.mode === 'production') {
    const connection = await connectSalesforce(config.env.salesforce!);
    const jira = config.env.jira!;
    const client = connectJira(jira);
    const issuesReading = (more: readonly string[]) => createJiraIssueSystem({ client, baseUrl: jira.baseUrl, extraFields: [...new Set([...extraFields, ...more])], caseLabelPrefix: labelPrefix(sync) });
    return {
      cases: createSalesforceCaseSystem({ connection }),
      issues: issuesReading([]),
      issuesReading,
      organizationId: sync.salesforce.organizationId,
      webhookSecret: config.env.jiraWebhookSecret!,
      // Real systems are pointed at us by their admins (Jira webhook, Outbound Message endpoint).
      setPushTarget: () => undefined,
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
  const connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'sandbox-session' });
  // The same client set-up as production (request timeout included), pointed at the emulator.
  const client = connectJira({ baseUrl: running.url, email: sync.jira.integrationEmail, apiToken: 'sandbox-token' });
  const issuesReading = (more: readonly string[]) => createJiraIssueSystem({ client, baseUrl: running.url, extraFields: [...new Set([...extraFields, ...more])], caseLabelPrefix: labelPrefix(sync) });
  return {
    cases: createSalesforceCaseSystem({ connection, integrationUserId: sandbox.salesforce.people().integrationUserId }),
    issues: issuesReading([]),
    issuesReading,
    organizationId,
    webhookSecret,
    sandbox: { sandbox, running },
    setPushTarget: (baseUrl) => {
      sandbox.jira.setWebhookTarget(`${baseUrl}/webhooks/jira`, webhookSecret);
      sandbox.salesforce.setOutboundUrl(`${baseUrl}/webhooks/salesforce`);
    },
    close: () => running.close(),
  };
}

function labelPrefix(sync: SyncConfig): string {
  return sync.jira.caseLabel.split('{caseId}')[0] ?? 'sfcase-';
}

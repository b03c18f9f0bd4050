/** Incident test wiring: configs from config/, the incident extension on a sync harness, loopback receivers, a fake clock. */
import { readFileSync } from 'node:fs';
import { Version3Client } from 'jira.js';
import { parse } from 'yaml';
import { createJiraIssueSystem } from '../../../src/adapters/jira/issue-system.js';
import { createContactNotifier } from '../../../src/adapters/notify/contact-notifier.js';
import { createEmailSender } from '../../../src/adapters/notify/email.js';
import { createSlackWebhook } from '../../../src/adapters/notify/slack.js';
import { incidentsFileSchema } from '../../../src/config/schemas/incidents.js';
import type { IncidentsConfig } from '../../../src/config/schemas/incidents.js';
import { ownersFileSchema } from '../../../src/config/schemas/owners.js';
import type { OwnersConfig } from '../../../src/config/schemas/owners.js';
import { createIncidentExtension } from '../../../src/engine/extensions/incident-extension.js';
import { incidentJiraFields } from '../../../src/engine/incidents/deps.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { jiraFieldsToRead } from '../../../src/engine/read-fields.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { resolveForSandbox } from '../../helpers/jira-fields.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';

export function givenIncidentsConfig(overrides: (c: IncidentsConfig) => void = () => undefined): IncidentsConfig {
  // Names resolved to the sandbox's field ids, as start-up does.
  const config = resolveForSandbox({ incidents: incidentsFileSchema.parse(parse(readFileSync('config/incidents.yaml', 'utf8'))) }).incidents;
  overrides(config);
  return config;
}

export function givenOwnersConfig(): OwnersConfig {
  return ownersFileSchema.parse(parse(readFileSync('config/owners.yaml', 'utf8')));
}

export interface FakeClock {
  now(): Date;
  advanceMinutes(minutes: number): void;
  set(date: Date): void;
}

export function givenFakeClock(start = new Date()): FakeClock {
  let ms = start.getTime();
  return { now: () => new Date(ms), advanceMinutes: (m) => (ms += m * 60_000), set: (d) => (ms = d.getTime()) };
}

/** Deps on the harness's sandbox, with an issue system that reads sub-tasks and resolution dates; the extension is pushed into the context. */
export function givenIncidentDeps(h: SyncHarness, config: IncidentsConfig, receivers: { slack: SlackReceiver; smtp: SmtpReceiver }, clock: FakeClock): IncidentDeps {
  const client = new Version3Client({ host: h.running.url, authentication: { basic: { email: h.config.jira.integrationEmail, apiToken: 'test-token' } } });
  const deps: IncidentDeps = {
    config,
    owners: givenOwnersConfig(),
    notifier: createContactNotifier({ slack: createSlackWebhook(receivers.slack.url), email: createEmailSender(receivers.smtp.url, 'casebridge@example.org') }),
    issues: createJiraIssueSystem({ client, baseUrl: h.running.url, extraFields: [...jiraFieldsToRead(h.config), ...incidentJiraFields(config)] }),
    now: () => clock.now(),
  };
  h.context.extensions = [...(h.context.extensions ?? []), createIncidentExtension(deps)];
  return deps;
}

export interface IncidentRig {
  h: SyncHarness;
  slack: SlackReceiver;
  smtp: SmtpReceiver;
  deps: IncidentDeps;
}

/**
 * Registers the suite's hooks: a sync harness on the sandbox (fake sleeps), loopback Slack and SMTP
 * receivers, and the incident deps on them with a fake clock. The rig's fields are set once `before` has run.
 */
export function useIncidentRig(suite: string, options: { harness?: Parameters<typeof givenSyncHarness>[1]; config?: (c: IncidentsConfig) => void } = {}): IncidentRig {
  const rig = {} as IncidentRig;
  before(async () => {
    rig.h = await givenSyncHarness(suite, { fakeSleep: true, ...options.harness });
    rig.slack = await givenSlackReceiver();
    rig.smtp = await givenSmtpReceiver();
    rig.deps = givenIncidentDeps(rig.h, givenIncidentsConfig(options.config), { slack: rig.slack, smtp: rig.smtp }, givenFakeClock());
  });
  after(async () => {
    await rig.h?.close();
    await rig.slack?.close();
    await rig.smtp?.close();
  });
  return rig;
}

/** A sandbox on loopback, notification receivers and production-mode configs pointing at them, for the doctor tests. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { Config } from '../../../src/config/index.js';
import type { CheckResult } from '../../../src/doctor/checks.js';
import { runDoctor } from '../../../src/doctor/run.js';
import { connectClients } from '../../../src/runtime/systems.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox } from '../../../src/sandbox/server.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';

export const SECRET = 'doctor-webhook-secret-0123456789';
export const PUBLIC_URL = 'http://casebridge.doctor.test';

export interface DoctorHarness {
  running: RunningSandbox;
  slack: SlackReceiver;
  /** A copy of config/ whose sync.yaml maps Customer_Tier__c to "Customer Segment", a field the sandbox lacks. */
  segmentConfig: string;
  /** A copy of config/ with one edit to sync.yaml. */
  configWith(edit: (syncYaml: string) => string): string;
  /** Environment of production mode against the sandbox and the receivers, with overrides. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  configOf(configDir: string, extra?: Record<string, string | undefined>): Config;
  doctor(configDir: string, extra?: Record<string, string | undefined>, postTestMessage?: boolean): Promise<CheckResult[]>;
  /** A GET on the sandbox's Jira API. */
  jira(pathname: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function givenDoctorHarness(): Promise<DoctorHarness> {
  const sandbox = createSandbox({ seed: 0 });
  const running = await sandbox.listen(0, '127.0.0.1');
  const [slack, smtp] = (await Promise.all([givenSlackReceiver(), givenSmtpReceiver()])) as [SlackReceiver, SmtpReceiver];
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-doctor-'));
  let copies = 0;
  const configWith = (edit: (syncYaml: string) => string): string => {
    const copy = path.join(dir, `config-${copies++}`);
    cpSync('config', copy, { recursive: true });
    const file = path.join(copy, 'sync.yaml');
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    assert.notEqual(after, before, 'the edit changed sync.yaml');
    writeFileSync(file, after);
    return copy;
  };
  const env = (extra: Record<string, string | undefined> = {}) => ({
    SALESFORCE_INSTANCE_URL: running.url,
    SALESFORCE_ACCESS_TOKEN: 'doctor-session',
    JIRA_BASE_URL: running.url,
    JIRA_EMAIL: 'casebridge@integration.example',
    JIRA_API_TOKEN: 'doctor-token',
    JIRA_WEBHOOK_SECRET: SECRET,
    SLACK_WEBHOOK_URL: slack.url,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    CASEBRIDGE_DATA_DIR: path.join(dir, 'data'),
    ...extra,
  });
  const configOf = (configDir: string, extra: Record<string, string | undefined> = {}) => {
    const loaded = loadConfig({ configDir, env: env(extra), deferProductionChecks: true });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    assert.equal(loaded.config.mode, 'production');
    return loaded.config;
  };
  return {
    running,
    slack,
    segmentConfig: configWith((yaml) => yaml.replace('jira: Customer Tier,', 'jira: Customer Segment,')),
    configWith,
    env,
    configOf,
    doctor: async (configDir, extra = {}, postTestMessage = false) => {
      const config = configOf(configDir, extra);
      const clients = await connectClients(config);
      try {
        return await runDoctor(config, clients, { publicUrl: PUBLIC_URL, postTestMessage });
      } finally {
        await clients.close();
      }
    },
    jira: async (pathname) =>
      (await (await fetch(`${running.url}${pathname}`, { headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` } })).json()) as Array<Record<string, unknown>>,
    close: async () => {
      await running.close();
      await slack.close();
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const failing = (results: CheckResult[]) => results.filter((r) => r.status === 'fail');
export const problemsOf = (results: CheckResult[], name: string) => results.find((r) => r.name === name)?.problems.map((p) => `${p.what} — fix: ${p.fix}`) ?? [];

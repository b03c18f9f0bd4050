/**
 * `casebridge doctor` and `casebridge jira setup` in production mode against the sandbox over HTTP:
 * what the site lacks is named with its fix, setup prints its plan and changes nothing without
 * --apply, makes it so with it, and then every check passes. Then one thing is broken at a time (a
 * Case field removed from the emulated org, a status the map needs missing from the workflows, the
 * webhook registered with another secret, a channel without its endpoint): exactly that check fails.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { CheckResult } from '../../../src/doctor/checks.js';
import { planJiraSetup } from '../../../src/doctor/jira-setup.js';
import { runDoctor } from '../../../src/doctor/run.js';
import { createLogger } from '../../../src/logging.js';
import { startCasebridge } from '../../../src/runtime/start.js';
import { connectClients } from '../../../src/runtime/systems.js';
import { findSObject } from '../../../src/sandbox/salesforce/schema.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { runCli } from '../../helpers/cli.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';

const SECRET = 'doctor-webhook-secret-0123456789';
const PUBLIC_URL = 'http://casebridge.doctor.test';

describe('casebridge doctor and jira setup (production mode, sandbox over HTTP)', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let dir: string;

  /** A copy of config/ with one edit to sync.yaml. */
  const configWith = (edit: (syncYaml: string) => string): string => {
    const copy = path.join(dir, `config-${Math.random().toString(36).slice(2, 8)}`);
    cpSync('config', copy, { recursive: true });
    const file = path.join(copy, 'sync.yaml');
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    assert.notEqual(after, before, 'the edit changed sync.yaml');
    writeFileSync(file, after);
    return copy;
  };
  const env = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
    SALESFORCE_INSTANCE_URL: running.url, SALESFORCE_ACCESS_TOKEN: 'doctor-session',
    JIRA_BASE_URL: running.url, JIRA_EMAIL: 'casebridge@integration.example', JIRA_API_TOKEN: 'doctor-token', JIRA_WEBHOOK_SECRET: SECRET,
    SLACK_WEBHOOK_URL: slack.url, SMTP_URL: smtp.url, LOG_LEVEL: 'silent', ...extra,
  });
  const configOf = (configDir: string, extra: Record<string, string | undefined> = {}) => {
    const loaded = loadConfig({ configDir, env: env(extra), deferProductionChecks: true });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    assert.equal(loaded.config.mode, 'production');
    return loaded.config;
  };
  const doctor = async (configDir: string, extra: Record<string, string | undefined> = {}, postTestMessage = false): Promise<CheckResult[]> => {
    const config = configOf(configDir, extra);
    const clients = await connectClients(config);
    try {
      return await runDoctor(config, clients, { publicUrl: PUBLIC_URL, postTestMessage });
    } finally {
      await clients.close();
    }
  };
  const failing = (results: CheckResult[]) => results.filter((r) => r.status === 'fail');
  const problemsOf = (results: CheckResult[], name: string) => results.find((r) => r.name === name)?.problems.map((p) => `${p.what} — fix: ${p.fix}`) ?? [];
  const jira = async (pathname: string) => (await (await fetch(`${running.url}${pathname}`, { headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` } })).json()) as Array<Record<string, unknown>>;

  let segmentConfig: string;
  before(async () => {
    sandbox = createSandbox({ seed: 0 });
    running = await sandbox.listen(0, '127.0.0.1');
    [slack, smtp] = await Promise.all([givenSlackReceiver(), givenSmtpReceiver()]);
    dir = mkdtempSync(path.join(tmpdir(), 'casebridge-doctor-'));
    // A Jira field the site does not have yet: setup creates it.
    segmentConfig = configWith((yaml) => yaml.replace('jira: Customer Tier,', 'jira: Customer Segment,'));
  });
  after(async () => {
    await running?.close();
    await slack?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names what the site lacks, jira setup --apply creates it, and then every check passes', async () => {
    const first = await doctor(segmentConfig);
    assert.deepEqual(failing(first).map((r) => r.name), ['Jira custom fields', 'Jira webhook']);
    assert.match(problemsOf(first, 'Jira custom fields')[0]!, /^sync\.yaml fields\[3\]\.jira: Jira has no custom field named "Customer Segment".* — fix: casebridge jira setup --apply creates "Customer Segment"/);
    assert.deepEqual(problemsOf(first, 'Jira webhook'), [`no admin webhook delivers to ${PUBLIC_URL}/webhooks/jira — fix: casebridge jira setup --apply --public-url ${PUBLIC_URL}`]);

    const cliEnv = env({ CASEBRIDGE_CONFIG_DIR: segmentConfig });
    const dry = await runCli(['jira', 'setup', '--public-url', PUBLIC_URL], cliEnv);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would create custom field "Customer Segment" \(textfield, searcher textsearcher\) for sync\.yaml fields\[3\]\.jira/);
    assert.match(dry.stdout, /would register admin webhook "casebridge \(secret [0-9a-f]{8}\)" to http:\/\/casebridge\.doctor\.test\/webhooks\/jira: events jira:issue_created, jira:issue_updated, comment_created, comment_updated; filter project in \(OPS, DRV, RDR, PAY, B2B, DSP, AUTH, INC\)/);
    assert.match(dry.stdout, /dry run: nothing was changed/);
    assert.ok(!(await jira('/rest/api/3/field')).some((f) => f.name === 'Customer Segment'), 'the dry run created no field');
    assert.deepEqual(await jira('/rest/webhooks/1.0/webhook'), [], 'the dry run registered no webhook');

    const applied = await runCli(['jira', 'setup', '--apply', '--public-url', PUBLIC_URL], cliEnv);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /created custom field "Customer Segment" \(customfield_\d+\)/);
    const field = (await jira('/rest/api/3/field')).find((f) => f.name === 'Customer Segment');
    assert.deepEqual(field?.schema, { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: Number(String(field?.id).replace('customfield_', '')) });
    const hooks = await jira('/rest/webhooks/1.0/webhook');
    assert.deepEqual(hooks.map((h) => [h.url, h.filters]), [[`${PUBLIC_URL}/webhooks/jira`, { 'issue-related-events-section': 'project in (OPS, DRV, RDR, PAY, B2B, DSP, AUTH, INC)' }]]);

    const config = configOf(segmentConfig);
    const clients = await connectClients(config);
    try {
      const plan = await planJiraSetup(clients.jira, config.files, { secret: SECRET, publicUrl: PUBLIC_URL, sandbox: false });
      assert.deepEqual(plan.steps, [], 'a second setup has nothing to do');
    } finally {
      await clients.close();
    }
    const green = await runCli(['doctor', '--public-url', PUBLIC_URL], cliEnv);
    assert.equal(green.code, 0, green.stdout + green.stderr);
    assert.doesNotMatch(green.stdout, /✗/);
    assert.match(green.stdout, /✓ Jira webhook: delivers 4 events/);
    assert.match(green.stdout, /all \d+ checks passed/);
    assert.equal(slack.messages.length, 0, 'no Slack test post unless asked for');
  });

  it('posts a Slack test message only with --post-test-message', async () => {
    const results = await doctor(segmentConfig, {}, true);
    assert.deepEqual(failing(results), []);
    assert.equal(slack.messages.length, 1);
    assert.match(slack.messages[0]!.text, /casebridge doctor: test message/);
  });

  it('a Case field removed from the org: that check fails, and production start refuses with the same line', async () => {
    const caseDef = findSObject('Case')!;
    const fields = caseDef.fields as unknown as Array<{ name: string }>;
    const index = fields.findIndex((f) => f.name === 'Jira_Status__c');
    const [removed] = fields.splice(index, 1);
    try {
      const results = await doctor(segmentConfig);
      assert.deepEqual(failing(results).map((r) => r.name), ['Salesforce Case fields']);
      const line = 'Jira_Status__c is missing from Case — fix: deploy the SFDX project in salesforce/ (sf project deploy start --source-dir salesforce/force-app)';
      assert.deepEqual(problemsOf(results, 'Salesforce Case fields'), [line]);
      await assert.rejects(
        startCasebridge({ config: configOf(segmentConfig), logger: createLogger({ level: 'silent' }), role: 'all', port: 0 }),
        (error: Error) => error.message.includes(`✗ Salesforce Case fields: ${line}`) && /^refusing to start/.test(error.message),
      );
    } finally {
      fields.splice(index, 0, removed!);
    }
  });

  it('a status the status map moves issues into missing from the workflows: each project named', async () => {
    const blocked = configWith((yaml) => yaml
      .replace('statuses: [To Do,', 'statuses: [Blocked, To Do,')
      .replace('    To Do: { display: "Escalated: queued in Jira" }', '    Blocked: { display: "Blocked" }\n    To Do: { display: "Escalated: queued in Jira" }')
      .replace('Pending Vendor: ignore', 'Pending Vendor: { jiraStatus: Blocked }'));
    const results = await doctor(blocked);
    assert.deepEqual(failing(results).map((r) => r.name), ['OPS', 'DRV', 'RDR', 'PAY', 'B2B', 'DSP', 'AUTH'].map((key) => `Jira project ${key}`));
    assert.match(problemsOf(results, 'Jira project DRV')[0]!, /^status "Blocked" \(statusMap\.toJira Pending Vendor\) is not in the workflow of DRV Bug — fix: add "Blocked" to that workflow, or map to one of To Do, /);
  });

  it('the webhook registered with another secret than JIRA_WEBHOOK_SECRET', async () => {
    const results = await doctor(segmentConfig, { JIRA_WEBHOOK_SECRET: 'another-secret-of-some-length' });
    assert.deepEqual(failing(results).map((r) => r.name), ['Jira webhook']);
    assert.match(problemsOf(results, 'Jira webhook')[0]!, /registered with another secret than JIRA_WEBHOOK_SECRET: its deliveries would be refused \(401\) — fix: casebridge jira setup --apply/);
  });

  it('a channel the config uses without its endpoint', async () => {
    const results = await doctor(segmentConfig, { SMTP_URL: undefined });
    assert.deepEqual(failing(results).map((r) => r.name), ['Notification channels configured']);
    const problems = problemsOf(results, 'Notification channels configured');
    assert.ok(problems.length > 0 && problems.every((p) => /SMTP_URL is not set — fix: set SMTP_URL/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('reports.yaml ')), 'the reports that e-mail are named');
  });
});

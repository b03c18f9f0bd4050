/**
 * `casebridge doctor` with one thing broken at a time, on a site where every check passed (a Case
 * field removed from the emulated org, a status the map needs missing from the workflows, the
 * webhook registered with another secret, a channel without its endpoint): exactly that check fails,
 * with its fix; production start refuses on the fatal one with the same line.
 */
import assert from 'node:assert/strict';
import { applyJiraSetup, planJiraSetup } from '../../../src/doctor/jira-setup.js';
import { createLogger } from '../../../src/logging.js';
import { startCasebridge } from '../../../src/runtime/start.js';
import { connectClients } from '../../../src/runtime/systems.js';
import { findSObject } from '../../../src/sandbox/salesforce/schema.js';
import { PUBLIC_URL, SECRET, failing, givenDoctorHarness, problemsOf } from './doctor-harness.js';
import type { DoctorHarness } from './doctor-harness.js';

describe('casebridge doctor: one thing broken at a time (production mode, sandbox over HTTP)', function () {
  this.timeout(120_000);
  let h: DoctorHarness;
  before(async () => {
    h = await givenDoctorHarness();
    // The site as jira setup --apply leaves it: every check passes before anything is broken.
    const config = h.configOf(h.segmentConfig);
    const clients = await connectClients(config);
    try {
      await applyJiraSetup(clients.jira, await planJiraSetup(clients.jira, config.files, { secret: SECRET, publicUrl: PUBLIC_URL, sandbox: false }), SECRET);
    } finally {
      await clients.close();
    }
    assert.deepEqual(failing(await h.doctor(h.segmentConfig)), []);
  });
  after(async () => h?.close());

  it('posts a Slack test message only with --post-test-message', async () => {
    assert.equal(h.slack.messages.length, 0);
    assert.deepEqual(failing(await h.doctor(h.segmentConfig, {}, true)), []);
    assert.equal(h.slack.messages.length, 1);
    assert.match(h.slack.messages[0]!.text, /casebridge doctor: test message/);
  });

  it('a Case field removed from the org: that check fails, and production start refuses with the same line', async () => {
    const fields = findSObject('Case')!.fields as unknown as Array<{ name: string }>;
    const index = fields.findIndex((f) => f.name === 'Jira_Status__c');
    const [removed] = fields.splice(index, 1);
    try {
      const results = await h.doctor(h.segmentConfig);
      assert.deepEqual(
        failing(results).map((r) => r.name),
        ['Salesforce Case fields'],
      );
      const line =
        'Jira_Status__c is missing from Case — fix: deploy the SFDX project: cd salesforce, set CASEBRIDGE_URL and CASEBRIDGE_INTEGRATION_USERNAME, then sf project deploy start (salesforce/README.md)';
      assert.deepEqual(problemsOf(results, 'Salesforce Case fields'), [line]);
      await assert.rejects(
        startCasebridge({ config: h.configOf(h.segmentConfig), logger: createLogger({ level: 'silent' }), role: 'all', port: 0 }),
        (error: Error) => /^refusing to start/.test(error.message) && error.message.includes(`✗ Salesforce Case fields: ${line}`),
      );
    } finally {
      fields.splice(index, 0, removed!);
    }
  });

  it('a status the status map moves issues into, missing from the workflows: each project named', async () => {
    const blocked = h.configWith((yaml) =>
      yaml
        .replace('jira: Customer Tier,', 'jira: Customer Segment,')
        .replace('statuses: [To Do,', 'statuses: [Blocked, To Do,')
        .replace('    To Do: { display: "Escalated: queued in Jira" }', '    Blocked: { display: "Blocked" }\n    To Do: { display: "Escalated: queued in Jira" }')
        .replace('Pending Vendor: ignore', 'Pending Vendor: { jiraStatus: Blocked }'),
    );
    const results = await h.doctor(blocked);
    assert.deepEqual(
      failing(results).map((r) => r.name),
      ['OPS', 'DRV', 'RDR', 'PAY', 'B2B', 'DSP', 'AUTH'].map((key) => `Jira project ${key}`),
    );
    assert.match(
      problemsOf(results, 'Jira project DRV')[0]!,
      /^status "Blocked" \(statusMap\.toJira Pending Vendor\) is not in the workflow of DRV Bug — fix: add "Blocked" to that workflow, or map to one of To Do, /,
    );
  });

  it('the webhook registered with another secret than JIRA_WEBHOOK_SECRET', async () => {
    const results = await h.doctor(h.segmentConfig, { JIRA_WEBHOOK_SECRET: 'another-secret-of-some-length' });
    assert.deepEqual(
      failing(results).map((r) => r.name),
      ['Jira webhook'],
    );
    assert.match(problemsOf(results, 'Jira webhook')[0]!, /registered with another secret than JIRA_WEBHOOK_SECRET: its deliveries would be refused \(401\) — fix: casebridge jira setup --apply/);
  });

  it('Outbound Messages expected from another org, and a Jira field of the wrong type', async () => {
    const other = h.configWith((yaml) =>
      yaml
        .replace('jira: Customer Tier,', 'jira: Customer Segment,')
        .replace('organizationId: 00DDn0000000001MAA', 'organizationId: 00DDn0000000002MAA')
        .replace('jira: Case Number,', 'jira: Linked Cases,'),
    );
    const results = await h.doctor(other);
    assert.deepEqual(
      failing(results).map((r) => r.name),
      ['Salesforce Outbound Message org id', 'Jira custom fields'],
    );
    assert.deepEqual(problemsOf(results, 'Salesforce Outbound Message org id'), [
      'salesforce.organizationId is 00DDn0000000002MAA, but this org is 00DDn0000000001MAA: its Outbound Messages would be refused (403) — fix: set salesforce.organizationId: 00DDn0000000001MAA in sync.yaml',
    ]);
    assert.match(problemsOf(results, 'Jira custom fields')[0]!, /^sync\.yaml fields\[4\]\.jira: "Linked Cases" \(customfield_\d+\) is of type number; casebridge writes text values/);
  });

  it('a channel the config uses without its endpoint', async () => {
    const results = await h.doctor(h.segmentConfig, { SMTP_URL: undefined });
    assert.deepEqual(
      failing(results).map((r) => r.name),
      ['Notification channels configured'],
    );
    const problems = problemsOf(results, 'Notification channels configured');
    assert.ok(problems.length > 0 && problems.every((p) => /SMTP_URL is not set — fix: set SMTP_URL/.test(p)), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('reports.yaml ')),
      'the reports that e-mail are named',
    );
  });
});

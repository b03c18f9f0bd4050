/**
 * `casebridge doctor` and `casebridge jira setup` in production mode against the sandbox over HTTP:
 * what the site lacks is named with its fix, setup prints its plan and changes nothing without
 * --apply, makes it so with it, and then every check passes.
 */
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/index.js';
import { planJiraSetup } from '../../../src/doctor/jira-setup.js';
import { runDoctor } from '../../../src/doctor/run.js';
import { createLogger } from '../../../src/logging.js';
import { startCasebridge } from '../../../src/runtime/start.js';
import { connectClients } from '../../../src/runtime/systems.js';
import { runCli } from '../../helpers/cli.js';
import { PUBLIC_URL, SECRET, failing, givenDoctorHarness, problemsOf } from './doctor-harness.js';
import type { DoctorHarness } from './doctor-harness.js';

describe('casebridge doctor and jira setup (production mode, sandbox over HTTP)', function () {
  this.timeout(180_000);
  let h: DoctorHarness;
  before(async () => {
    h = await givenDoctorHarness();
  });
  after(async () => h?.close());

  it('in sandbox mode runs against the in-process emulators: all green, the webhook check skipped', async () => {
    const loaded = loadConfig({ configDir: 'config', env: { LOG_LEVEL: 'silent' }, deferProductionChecks: true });
    assert.ok(loaded.ok && loaded.config.mode === 'sandbox');
    const clients = await connectClients(loaded.config, { seed: 0, simulatorIntervalMs: false });
    try {
      const results = await runDoctor(loaded.config, clients);
      assert.deepEqual(failing(results), []);
      assert.ok(results.filter((r) => r.status === 'pass').length >= 10);
      assert.equal(results.find((r) => r.name === 'Jira webhook')?.status, 'skip');
    } finally {
      await clients.close();
    }
  });

  it('names what the site lacks; jira setup prints its plan, then --apply creates it; then every check passes', async () => {
    const first = await h.doctor(h.segmentConfig);
    assert.deepEqual(
      failing(first).map((r) => r.name),
      ['Jira custom fields', 'Jira webhook'],
    );
    assert.match(
      problemsOf(first, 'Jira custom fields')[0]!,
      /^sync\.yaml fields\[3\]\.jira: Jira has no custom field named "Customer Segment".* — fix: casebridge jira setup --apply creates "Customer Segment"/,
    );
    assert.deepEqual(problemsOf(first, 'Jira webhook'), [`no admin webhook delivers to ${PUBLIC_URL}/webhooks/jira — fix: casebridge jira setup --apply --public-url ${PUBLIC_URL}`]);
    // A missing field is fatal: production start refuses with doctor's line; the webhook is not start's business.
    await assert.rejects(
      startCasebridge({ config: h.configOf(h.segmentConfig), logger: createLogger({ level: 'silent' }), role: 'all', port: 0 }),
      (error: Error) => error.message.includes(`✗ Jira custom fields: ${problemsOf(first, 'Jira custom fields')[0]!}`) && !error.message.includes('webhook'),
    );

    const cliEnv = h.env({ CASEBRIDGE_CONFIG_DIR: h.segmentConfig });
    const dry = await runCli(['jira', 'setup', '--public-url', PUBLIC_URL], cliEnv);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would create custom field "Customer Segment" \(textfield, searcher textsearcher\) for sync\.yaml fields\[3\]\.jira/);
    assert.match(
      dry.stdout,
      /would register admin webhook "casebridge \(secret [0-9a-f]{8}\)" to http:\/\/casebridge\.doctor\.test\/webhooks\/jira: events jira:issue_created, jira:issue_updated, comment_created, comment_updated; filter project in \(OPS, DRV, RDR, PAY, B2B, DSP, AUTH, INC\)/,
    );
    assert.match(dry.stdout, /dry run: nothing was changed/);
    assert.ok(!(await h.jira('/rest/api/3/field')).some((f) => f.name === 'Customer Segment'), 'the dry run created no field');
    assert.deepEqual(await h.jira('/rest/webhooks/1.0/webhook'), [], 'the dry run registered no webhook');

    const applied = await runCli(['jira', 'setup', '--apply', '--public-url', PUBLIC_URL], cliEnv);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /created custom field "Customer Segment" \(customfield_\d+\)/);
    const field = (await h.jira('/rest/api/3/field')).find((f) => f.name === 'Customer Segment');
    assert.deepEqual(field?.schema, { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: Number(String(field?.id).replace('customfield_', '')) });
    const hooks = await h.jira('/rest/webhooks/1.0/webhook');
    assert.deepEqual(
      hooks.map((w) => [w.url, w.filters]),
      [[`${PUBLIC_URL}/webhooks/jira`, { 'issue-related-events-section': 'project in (OPS, DRV, RDR, PAY, B2B, DSP, AUTH, INC)' }]],
    );

    const config = h.configOf(h.segmentConfig);
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
    assert.equal(h.slack.messages.length, 0, 'no Slack test post unless asked for');
  });
});

/**
 * The sync commands as a user runs them: `sync --once`, `backfill --dry-run`, `links show` and
 * `dead-letters list|retry`, as child processes against a sandbox standing in for the real systems.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { runCli } from '../../helpers/cli.js';

describe('sync commands (child processes against a sandbox)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let env: Record<string, string>;
  let escalatedId: string;
  let badKeyId: string;

  before(async () => {
    sandbox = createSandbox({ seed: 0 });
    running = await sandbox.listen(0, '127.0.0.1');
    const create = async (fields: Record<string, unknown>) => {
      const outcome = await sandbox.salesforce.runActor({ system: 'salesforce', action: 'createCase', fields });
      assert.ok(outcome.ok);
      return (outcome.result as { id: string }).id;
    };
    env = {
      CASEBRIDGE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'casebridge-cli-data-')),
      SALESFORCE_INSTANCE_URL: running.url,
      SALESFORCE_ACCESS_TOKEN: 'cli-test-session',
      JIRA_BASE_URL: running.url,
      JIRA_EMAIL: 'casebridge@integration.example',
      JIRA_API_TOKEN: 'cli-test-token',
      JIRA_WEBHOOK_SECRET: 'cli-test-webhook-secret',
      LOG_LEVEL: 'error',
      // The example config pages and reports through Slack and e-mail; these tests send nothing.
      NOTIFICATIONS: 'off',
    };
    assert.equal((await runCli(['migrate'], env)).code, 0);
    // The deployment's first start: its feeds mirror only what changes from here on.
    const first = await runCli(['sync', '--once'], env);
    assert.equal(first.code, 0, first.stderr);
    escalatedId = await create({ Subject: 'Driver cannot go online', Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' });
    badKeyId = await create({ Subject: 'Agent typed a key that does not exist', Status: 'Working', Priority: 'P3', Jira_Key__c: 'DRV-999' });
    await create({ Subject: 'Not escalated', Status: 'New', Priority: 'P4' });
  });
  after(() => running?.close());

  it('counts what a backfill would do without writing anything', async () => {
    const run = await runCli(['backfill', '--since', '2000-01-01', '--dry-run'], env);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as Record<string, number>;
    assert.deepEqual({ examined: summary.examined, created: summary.created, linked: summary.linked, skipped: summary.skipped }, { examined: 3, created: 1, linked: 1, skipped: 1 });
    const stats = (await (await fetch(`${running.url}/__sandbox/stats`)).json()) as { jira: { calls: Record<string, number> } };
    assert.ok(!Object.keys(stats.jira.calls).some((route) => route.startsWith('POST /rest/api/3/issue')), 'no issue was created');
  });

  it('syncs once, then shows the link and the dead letter, and retries it', async () => {
    const sync = await runCli(['sync', '--once'], env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal((JSON.parse(sync.stdout) as { created: number }).created, 1);

    const link = await runCli(['links', 'show', escalatedId], env);
    assert.equal(link.code, 0, link.stderr);
    const [shown] = JSON.parse(link.stdout) as Array<{ caseId: string; issueKey: string; state: string; origin: string }>;
    assert.deepEqual({ caseId: shown!.caseId, state: shown!.state, origin: shown!.origin }, { caseId: escalatedId, state: 'linked', origin: 'created' });
    const byIssue = await runCli(['links', 'show', shown!.issueKey], env);
    assert.equal((JSON.parse(byIssue.stdout) as unknown[]).length, 1);
    assert.equal((await runCli(['links', 'show', '500000000000000AAA'], env)).code, 1);

    const letters = JSON.parse((await runCli(['dead-letters', 'list'], env)).stdout) as Array<{ id: number; errorCode: string; payload: { caseIds: string[] } }>;
    assert.deepEqual(
      letters.map((l) => [l.errorCode, l.payload.caseIds[0]]),
      [['UNKNOWN_ISSUE_KEY', badKeyId]],
    );
    const retry = await runCli(['dead-letters', 'retry', String(letters[0]!.id)], env);
    assert.equal(retry.code, 0, retry.stderr);
    assert.deepEqual((JSON.parse(retry.stdout) as { caseIds: string[] }).caseIds, [badKeyId]);
    assert.deepEqual(JSON.parse((await runCli(['dead-letters', 'list'], env)).stdout), [], 'a retried letter leaves the list');
    assert.equal((await runCli(['dead-letters', 'retry', 'abc'], env)).code, 1, 'a bad id is refused');
  });
});

/**
 * Crash safety: a 2,000-case backfill run as a child process and SIGKILLed at random points
 * (between and inside batches), restarted each time, with developers moving issues meanwhile.
 * Afterwards every case has exactly one issue and every status change reached the case.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { createPrng } from '../../../src/sandbox/controls/prng.js';
import { runCli, startCli } from '../../helpers/cli.js';
import { testDatabaseUrl } from '../../helpers/database.js';

const CASES = 2_000;
const KILLS = 20;
const TOPICS = ['driver_app', 'rider_app', 'payments_billing', 'corporate_portal', 'dispatch_pricing', 'account_access', 'other'];

describe('crash safety of the backfill (child process, SIGKILL)', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let env: Record<string, string | undefined>;
  const random = createPrng(20261126);
  const schema = `t_crash_${process.pid}`;

  before(async () => {
    sandbox = createSandbox({ seed: 0 });
    running = await sandbox.listen(0, '127.0.0.1');
    for (let i = 0; i < CASES; i++) {
      const outcome = await sandbox.salesforce.runActor({
        system: 'salesforce',
        action: 'createCase',
        fields: { Subject: `Crash case ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: TOPICS[i % TOPICS.length] },
      });
      assert.ok(outcome.ok);
    }
    const configDir = mkdtempSync(path.join(tmpdir(), 'casebridge-crash-config-'));
    cpSync('config', configDir, { recursive: true });
    const sync = readFileSync(path.join(configDir, 'sync.yaml'), 'utf8');
    // A short lease so a crashed run's intents are taken over within the test; small batches for more kill points.
    writeFileSync(path.join(configDir, 'sync.yaml'), `${sync}\nengine: { createLeaseSeconds: 2, batchSize: 50 }\n`);
    const database = testDatabaseUrl() ? { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema } : { CASEBRIDGE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'casebridge-crash-data-')) };
    env = {
      ...database,
      CASEBRIDGE_CONFIG_DIR: configDir,
      SALESFORCE_INSTANCE_URL: running.url,
      SALESFORCE_ACCESS_TOKEN: 'crash-test-session',
      JIRA_BASE_URL: running.url,
      JIRA_EMAIL: 'casebridge@integration.example',
      JIRA_API_TOKEN: 'crash-test-token',
      JIRA_WEBHOOK_SECRET: 'crash-test-webhook-secret',
      LOG_LEVEL: 'error',
      // The example config pages and reports through Slack and e-mail; these tests send nothing.
      NOTIFICATIONS: 'off',
    };
    const migrated = await runCli(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
  });

  after(async () => {
    await running?.close();
    if (testDatabaseUrl()) {
      const { openDatabase } = await import('../../../src/adapters/store/database.js');
      const db = await openDatabase({ url: testDatabaseUrl() });
      await db.knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
      await db.close();
    }
  });

  it(`gives every case exactly one issue and delivers every status change across ${KILLS} kills`, async () => {
    const moved = new Set<string>();
    let kills = 0;
    let finished = false;
    while (kills < KILLS && !finished) {
      const child = startCli(['backfill', '--since', '2000-01-01T00:00:00Z'], env);
      // Kill after 0–2 completed batches plus up to 400 ms: between batches and inside them.
      const batchesBeforeKill = Math.floor(random() * 3);
      const extraMs = Math.floor(random() * 400);
      const killed = await new Promise<boolean>((resolve) => {
        const timer = setInterval(() => {
          const progressLines = child
            .output()
            .split('\n')
            .filter((l) => l.includes('backfillProgress')).length;
          if (progressLines >= batchesBeforeKill) {
            clearInterval(timer);
            setTimeout(() => resolve(child.child.kill('SIGKILL')), extraMs);
          }
        }, 20);
        child.exited.then(() => {
          clearInterval(timer);
          resolve(false);
        });
      });
      const code = await child.exited;
      if (killed && code === null) kills++;
      else {
        assert.equal(code, 0, child.output());
        finished = true;
      }
      // Developers move some issues that exist by now; the change must reach the case in the end.
      for (const key of await someIssueKeys(running.url, 3, random)) {
        const outcome = await sandbox.jira.runActor({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
        if (outcome.ok) moved.add(key);
      }
    }
    assert.ok(kills >= Math.min(KILLS, 10), `only ${kills} kills landed inside the run`);

    const last = await runCli(['backfill', '--since', '2000-01-01T00:00:00Z'], env, 240_000);
    assert.equal(last.code, 0, last.stderr);
    const synced = await runCli(['sync', '--once'], env, 240_000);
    assert.equal(synced.code, 0, synced.stderr);

    const issues = await allIssues(running.url);
    const perCase = new Map<string, string[]>();
    for (const issue of issues) {
      for (const label of issue.labels) if (label.startsWith('sfcase-')) perCase.set(label.slice(7), [...(perCase.get(label.slice(7)) ?? []), issue.key]);
    }
    const duplicates = [...perCase.entries()].filter(([, keys]) => keys.length > 1);
    assert.deepEqual(duplicates, [], 'no case has two issues');
    assert.equal(perCase.size, CASES, 'every case has an issue');

    const cases = await allCases(running.url);
    assert.equal(cases.length, CASES);
    const statusByKey = new Map(issues.map((i) => [i.key, i.status]));
    for (const record of cases) {
      const keys = perCase.get(record.Id)!;
      assert.equal(record.Jira_Key__c, keys[0], `case ${record.Id} shows its issue key`);
      if (moved.has(keys[0]!)) assert.equal(statusByKey.get(keys[0]!), 'In Progress');
      const expected = statusByKey.get(keys[0]!) === 'In Progress' ? 'In development' : 'Escalated: queued in Jira';
      assert.equal(record.Jira_Status__c, expected, `case ${record.Id} shows the status of ${keys[0]}`);
    }
    assert.ok(moved.size > 0, 'some status changes happened during the crashes');
  });
});

interface IssueRow {
  key: string;
  labels: string[];
  status: string;
}

async function allIssues(url: string): Promise<IssueRow[]> {
  const rows: IssueRow[] = [];
  let nextPageToken: string | undefined;
  do {
    const response = await fetch(`${url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dGVzdDp0ZXN0' },
      body: JSON.stringify({ jql: 'project in (DRV, RDR, PAY, B2B, DSP, AUTH, OPS) ORDER BY key ASC', fields: ['labels', 'status'], maxResults: 100, nextPageToken }),
    });
    const page = (await response.json()) as { issues: Array<{ key: string; fields: { labels: string[]; status: { name: string } } }>; nextPageToken?: string };
    rows.push(...page.issues.map((i) => ({ key: i.key, labels: i.fields.labels, status: i.fields.status.name })));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return rows;
}

async function someIssueKeys(url: string, count: number, random: () => number): Promise<string[]> {
  const issues = (await allIssues(url)).filter((i) => i.status === 'To Do');
  const picked: string[] = [];
  for (let i = 0; i < count && issues.length > 0; i++) picked.push(issues.splice(Math.floor(random() * issues.length), 1)[0]!.key);
  return picked;
}

async function allCases(url: string): Promise<Array<{ Id: string; Jira_Key__c: string | null; Jira_Status__c: string | null }>> {
  const rows: Array<{ Id: string; Jira_Key__c: string | null; Jira_Status__c: string | null }> = [];
  let next: string | undefined = `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, Jira_Key__c, Jira_Status__c FROM Case')}`;
  while (next) {
    const page = (await (await fetch(`${url}${next}`, { headers: { authorization: 'Bearer reader' } })).json()) as { records: typeof rows; nextRecordsUrl?: string };
    rows.push(...page.records);
    next = page.nextRecordsUrl;
  }
  return rows;
}

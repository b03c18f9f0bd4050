/**
 * The done-criterion of `casebridge sandbox --seed 200`: one server whose state both jsforce and
 * jira.js (unmodified) can query, with every call visible in the stats.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import jsforce from 'jsforce';
import { Version3Client } from 'jira.js';
import { createSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import type { CallStatsSnapshot } from '../../../src/sandbox/controls/stats.js';

describe('sandbox smoke: --seed 200 with jsforce and jira.js', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await createSandbox({ seed: 200, jiraSeed: 10 }).listen(0);
  });
  after(async () => {
    await running.close();
  });

  it('serves 200 seeded cases to jsforce and the Jira site to jira.js', async () => {
    const conn = new jsforce.Connection({ instanceUrl: running.url, accessToken: 'any', version: '62.0' });
    const cases = await conn.query<{ Id: string; CaseNumber: string; Subject: string; Account: { Name: string } | null }>(
      "SELECT Id, CaseNumber, Subject, Status, Account.Name FROM Case WHERE Status != 'Closed' ORDER BY CaseNumber",
    );
    assert.ok(cases.totalSize > 100 && cases.totalSize < 200, `open cases ${cases.totalSize}`);
    assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, 200);
    assert.ok(cases.records.every((c) => /^\d{8}$/.test(c.CaseNumber) && c.Subject.length > 0 && c.Account !== null));

    const jira = new Version3Client({ host: running.url, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 'token' } } });
    const myself = await jira.myself.getCurrentUser();
    assert.equal(typeof myself.accountId, 'string');
    const projects = await jira.projects.searchProjects();
    assert.ok((projects.values ?? []).length > 0);
    const search = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: `project = ${projects.values?.[0]?.key} ORDER BY updated ASC`, fields: ['summary', 'status'] });
    assert.ok((search.issues ?? []).length > 0);

    const stats = (await (await fetch(`${running.url}/__sandbox/stats`)).json()) as CallStatsSnapshot;
    assert.equal(stats.salesforce.calls['GET /services/data/v62.0/query'], 2);
    assert.equal(stats.jira.accepted, 3);
  });

  it('runs as `casebridge sandbox --seed 200` and stops on SIGTERM', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['bin/casebridge.js', 'sandbox', '--port', '0', '--seed', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (output += chunk));
      while (!output.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`sandbox exited early with ${child.exitCode}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const printed = JSON.parse(output.split('\n')[0] as string) as { url: string; salesforce: { instanceUrl: string }; jira: { host: string } };
      const conn = new jsforce.Connection({ instanceUrl: printed.salesforce.instanceUrl, accessToken: 'any', version: '62.0' });
      assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, 200);
      const jira = new Version3Client({ host: printed.jira.host, authentication: { basic: { email: 'a@example.com', apiToken: 't' } } });
      assert.ok((await jira.serverInfo.getServerInfo()).baseUrl);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

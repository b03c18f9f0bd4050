/**
 * An issue moved to another project gets the next key of that project; `GET /issue/{oldKey}` answers it
 * under its new key, while JQL knows only the new key (the old one is refused like an unknown key).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Version3Client } from 'jira.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';
import { givenRunningSandbox } from './salesforce-test-helpers.js';

const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };

describe('Jira emulator: moved issues', () => {
  let server: JiraTestServer;
  let client: Version3Client;
  beforeEach(async () => {
    server = await startJiraTestServer();
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 't' } } });
  });
  afterEach(async () => {
    await server.close();
  });

  const create = async (projectKey: string, summary: string): Promise<string> =>
    (await client.issues.createIssue({ fields: { project: { key: projectKey }, issuetype: { name: 'Task' }, summary, labels: ['sfcase-500M'] } })).key;
  const move = async (issueKey: string, toProject: string) => server.emulator.runActor({ type: 'move', issueKey, toProject, by: 'dev-james-walker' });

  it('gives the issue the next key of the target project and answers GET /issue/{oldKey} under the new key', async () => {
    await create('PAY', 'first PAY issue');
    const moving = await create('DRV', 'to be moved');
    const outcome = await move(moving, 'PAY');
    assert.deepEqual(outcome, { ok: true, result: { key: 'PAY-2', moved: [{ from: moving, to: 'PAY-2' }] } });

    const viaOldKey = await client.issues.getIssue({ issueIdOrKey: moving, fields: ['summary', 'project'] });
    assert.equal(viaOldKey.key, 'PAY-2');
    assert.equal(viaOldKey.fields.summary, 'to be moved');
    assert.equal(viaOldKey.fields.project.key, 'PAY');
    await client.issues.editIssue({ issueIdOrKey: moving, fields: { summary: 'edited through the old key' } });
    assert.equal((await client.issues.getIssue({ issueIdOrKey: 'PAY-2', fields: ['summary'] })).fields.summary, 'edited through the old key');

    const changelog = await client.issues.getChangeLogs({ issueIdOrKey: 'PAY-2' });
    const items = changelog.values?.flatMap((h) => h.items ?? []) ?? [];
    assert.ok(
      items.some((i) => i.field === 'Key' && i.fromString === moving && i.toString === 'PAY-2'),
      JSON.stringify(items),
    );
    assert.ok(
      items.some((i) => i.field === 'project' && i.toString === 'Payments & Billing'),
      JSON.stringify(items),
    );
  });

  it('finds nothing by the old key in JQL and refuses key = OLD as an unknown key', async () => {
    const moving = await create('DRV', 'moving');
    await move(moving, 'OPS');
    const byLabel = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'labels = sfcase-500M', fields: ['key'] });
    assert.deepEqual(
      (byLabel.issues ?? []).map((i) => i.key),
      ['OPS-1'],
    );
    const byOldKey = await server.request('POST', '/rest/api/3/search/jql', { jql: `key in (${moving})` });
    assert.equal(byOldKey.status, 400);
    assert.deepEqual((byOldKey.body as { errorMessages: string[] }).errorMessages, [`An issue with key '${moving}' does not exist for field 'key'.`]);
    const byNewKey = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'key = OPS-1', fields: ['key'] });
    assert.deepEqual(
      (byNewKey.issues ?? []).map((i) => i.key),
      ['OPS-1'],
    );
    const byProject = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = DRV', fields: ['key'] });
    assert.deepEqual(byProject.issues ?? [], [], 'the old project no longer holds it');
  });

  it('moves sub-tasks with their parent and refuses to move a sub-task alone', async () => {
    const parent = (await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'parent' } })).key;
    const child = (await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Sub-task' }, summary: 'child', parent: { key: parent } } })).key;
    const alone = await move(child, 'DRV');
    assert.equal(alone.ok, false);
    const refusedType = await move(parent, 'DRV');
    assert.equal(refusedType.ok, false, 'DRV has no Incident issue type');
    assert.match((refusedType as { error: string }).error, /no issue type 'Incident'/);

    const task = await create('DRV', 'with a sub-task');
    const sub = (await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Sub-task' }, summary: 'sub', parent: { key: task } } })).key;
    const moved = await move(task, 'AUTH');
    assert.ok(moved.ok);
    assert.deepEqual((moved.result as { moved: unknown[] }).moved, [
      { from: task, to: 'AUTH-1' },
      { from: sub, to: 'AUTH-2' },
    ]);
    const subNow = await client.issues.getIssue({ issueIdOrKey: sub, fields: ['parent'] });
    assert.equal(subNow.key, 'AUTH-2');
    assert.equal(subNow.fields.parent?.key, 'AUTH-1');
  });

  it('reports the move by webhook as jira:issue_updated (issue_moved) under the new key', async () => {
    const bodies: Record<string, unknown>[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const moving = await create('DRV', 'watched');
      server.emulator.setWebhookTarget(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
      await move(moving, 'B2B');
      await server.emulator.whenWebhooksIdle();
      assert.equal(bodies.length, 1);
      assert.equal(bodies[0]?.['webhookEvent'], 'jira:issue_updated');
      assert.equal(bodies[0]?.['issue_event_type_name'], 'issue_moved');
      assert.equal((bodies[0]?.['issue'] as { key: string }).key, 'B2B-1');
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('is a sandbox actor action (POST /__sandbox/actors)', async () => {
    const started = await givenRunningSandbox({});
    try {
      const created = await started.call('POST', '/rest/api/3/issue', { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'via control' } }, JIRA_AUTH);
      const oldKey = (created.body as { key: string }).key;
      const answer = await started.call('POST', '/__sandbox/actors', { system: 'jira', type: 'move', issueKey: oldKey, toProject: 'RDR' });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const issue = await started.call('GET', `/rest/api/3/issue/${oldKey}?fields=summary`, undefined, JIRA_AUTH);
      assert.equal((issue.body as { key: string }).key, 'RDR-1');
    } finally {
      await started.running.close();
    }
  });
});

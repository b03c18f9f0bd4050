/**
 * Jira Cloud's `/search/jql` is eventually consistent: the emulator's index lags writes by a configurable
 * time, `GET /issue/{key}` stays fresh, and `reconcileIssues` (≤ 50 ids) makes search consistent for those ids.
 */
import assert from 'node:assert/strict';
import { Version3Client } from 'jira.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

const LAG_MS = 2_000;

interface SearchPage {
  issues: { id: string; key?: string; fields?: { summary?: string; labels?: string[]; status?: { name: string } } }[];
}

describe('Jira emulator: search index lag and reconcileIssues', () => {
  let server: JiraTestServer;
  let client: Version3Client;
  let clockMs = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
  let lagMs = LAG_MS;

  const search = async (jql: string, extra: Record<string, unknown> = {}): Promise<SearchPage> => {
    const response = await server.request('POST', '/rest/api/3/search/jql', { jql, fields: ['summary', 'labels', 'status'], ...extra });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as SearchPage;
  };
  const create = async (summary: string, labels: string[]): Promise<{ id: string; key: string }> => {
    const created = await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary, labels } });
    return { id: created.id, key: created.key };
  };

  beforeEach(async () => {
    clockMs = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
    lagMs = LAG_MS;
    server = await startJiraTestServer({ now: () => new Date(clockMs), searchIndexLagMs: () => lagMs });
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 't' } } });
  });
  afterEach(async () => {
    await server.close();
  });

  it('does not find an issue created less than the lag ago, while GET /issue already answers it', async () => {
    const issue = await create('fresh', ['sfcase-500A']);
    assert.deepEqual((await search('labels = sfcase-500A')).issues, []);
    assert.equal((await client.issues.getIssue({ issueIdOrKey: issue.key })).key, issue.key, 'GET /issue is fresh');
    clockMs += LAG_MS - 1;
    assert.deepEqual((await search('labels = sfcase-500A')).issues, [], 'still missing 1 ms before the lag ends');
    clockMs += 1;
    assert.deepEqual(
      (await search('labels = sfcase-500A')).issues.map((i) => i.key),
      [issue.key],
    );
  });

  it('finds an issue changed less than the lag ago in its previous indexed state, fields as they were', async () => {
    const issue = await create('before', ['old']);
    clockMs += 10_000;
    await client.issues.editIssue({ issueIdOrKey: issue.key, fields: { summary: 'after', labels: ['new'] } });
    await client.issues.doTransition({ issueIdOrKey: issue.key, transition: { id: '11' } });
    const stale = await search('project = DRV');
    assert.equal(stale.issues[0]?.fields?.summary, 'before');
    assert.deepEqual(stale.issues[0]?.fields?.labels, ['old']);
    assert.equal(stale.issues[0]?.fields?.status?.name, 'To Do');
    assert.deepEqual(
      (await search('labels = old')).issues.map((i) => i.key),
      [issue.key],
      'matches on the old values',
    );
    assert.deepEqual((await search('labels = new')).issues, [], 'not yet on the new ones');
    const fresh = await client.issues.getIssue({ issueIdOrKey: issue.key, fields: ['summary'] });
    assert.equal(fresh.fields.summary, 'after');
    clockMs += LAG_MS;
    const caughtUp = await search('labels = new');
    assert.equal(caughtUp.issues[0]?.fields?.summary, 'after');
    assert.equal(caughtUp.issues[0]?.fields?.status?.name, 'In Progress');
  });

  it('keeps finding a deleted issue until the lag has passed', async () => {
    const issue = await create('doomed', ['gone']);
    clockMs += 10_000;
    await client.issues.deleteIssue({ issueIdOrKey: issue.key });
    assert.deepEqual(
      (await search('labels = gone')).issues.map((i) => i.key),
      [issue.key],
    );
    clockMs += LAG_MS;
    assert.deepEqual((await search('labels = gone')).issues, []);
  });

  it('answers reconcileIssues ids fresh, by POST (numbers) and by GET (comma separated), on every page', async () => {
    const first = await create('one', ['batch']);
    const second = await create('two', ['batch']);
    const third = await create('three', ['batch']);
    const viaPost = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
      jql: 'labels = batch ORDER BY key ASC',
      fields: ['key'],
      reconcileIssues: [Number(first.id), Number(third.id)],
    });
    assert.deepEqual(
      (viaPost.issues ?? []).map((i) => i.key),
      [first.key, third.key],
      'only the reconciled ids are visible yet',
    );
    const viaGet = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'labels = batch ORDER BY key ASC',
      fields: ['key'],
      reconcileIssues: [Number(second.id)],
    });
    assert.deepEqual(
      (viaGet.issues ?? []).map((i) => i.key),
      [second.key],
    );
    const paged = await search('labels = batch ORDER BY key ASC', { maxResults: 1, reconcileIssues: [first.id, second.id, third.id].map(Number) });
    assert.equal(paged.issues[0]?.key, first.key);
    await client.issues.editIssue({ issueIdOrKey: first.key, fields: { summary: 'one, edited' } });
    const reconciled = await search('labels = batch', { reconcileIssues: [Number(first.id)] });
    assert.equal(reconciled.issues[0]?.fields?.summary, 'one, edited', 'a reconciled id shows its current fields');
  });

  it('refuses more than 50 reconcileIssues ids and ids that are not numbers', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => 10_000 + i);
    const refused = await server.request('POST', '/rest/api/3/search/jql', { jql: 'project = DRV', reconcileIssues: tooMany });
    assert.equal(refused.status, 400);
    assert.match((refused.body as { errorMessages: string[] }).errorMessages[0] ?? '', /at most 50/);
    const fifty = await server.request('POST', '/rest/api/3/search/jql', { jql: 'project = DRV', reconcileIssues: tooMany.slice(0, 50) });
    assert.equal(fifty.status, 200);
    const notNumber = await server.request('GET', '/rest/api/3/search/jql?jql=project%3DDRV&reconcileIssues=DRV-1');
    assert.equal(notNumber.status, 400);
  });

  it('is consistent when the lag is 0, and the approximate count follows the index', async () => {
    lagMs = 0;
    const issue = await create('instant', ['now']);
    assert.deepEqual(
      (await search('labels = now')).issues.map((i) => i.key),
      [issue.key],
    );
    clockMs += LAG_MS;
    lagMs = LAG_MS;
    await create('later', ['now']);
    const count = await server.request('POST', '/rest/api/3/search/approximate-count', { jql: 'labels = now' });
    assert.deepEqual(count.body, { count: 1 });
  });

  it('shows seeded issues at once and an issue changed after the lag was switched on as it was', async () => {
    lagMs = 0;
    server.emulator.seed(5);
    lagMs = LAG_MS;
    const seeded = await search('project in (DRV, RDR, PAY, B2B, DSP, AUTH, OPS, INC)', { maxResults: 100 });
    assert.ok(seeded.issues.length >= 5, `seeded issues are searchable, got ${seeded.issues.length}`);
    const target = seeded.issues[0];
    assert.ok(target?.key);
    await client.issues.editIssue({ issueIdOrKey: target.key, fields: { summary: 'renamed after the lag began' } });
    const again = await search(`key = ${target.key}`);
    assert.equal(again.issues[0]?.fields?.summary, target.fields?.summary, 'the pre-change state, not a missing issue');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Version3Client } from 'jira.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

const CASE_IDS = sandboxFieldId('Salesforce Case Ids');

const hostile = JSON.parse(readFileSync(new URL('../../fixtures/jira/hostile-values.json', import.meta.url), 'utf8')) as { labels: string[]; summaries: string[] };

/** Quotes a JQL string literal, escaping backslashes and double quotes. */
function quoteJql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

describe('Jira emulator JQL subset', function () {
  this.timeout(20_000);
  let server: JiraTestServer;
  let client: Version3Client;
  let clockMs = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
  const keys: Record<string, string> = {};

  async function searchKeys(jql: string): Promise<string[]> {
    const page = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['key'], maxResults: 100 });
    return (page.issues ?? []).map((i) => i.key);
  }
  async function searchStatus(jql: string): Promise<{ status: number; body: unknown }> {
    const response = await server.request('POST', '/rest/api/3/search/jql', { jql });
    return { status: response.status, body: response.body };
  }
  async function create(name: string, fields: Record<string, unknown>, atMs: number): Promise<void> {
    clockMs = atMs;
    const created = await client.issues.createIssue({ fields: { issuetype: { name: 'Task' }, summary: name, ...fields } as never });
    keys[name] = created.key;
  }

  before(async () => {
    server = await startJiraTestServer({ now: () => new Date(clockMs) });
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 't' } } });
    await create('drv-old', { project: { key: 'DRV' }, labels: ['alpha'] }, Date.UTC(2026, 10, 26, 10, 14, 59, 999));
    await create('drv-new', { project: { key: 'DRV' }, labels: ['alpha', 'beta'], assignee: { accountId: 'dev-maya-cohen' } }, Date.UTC(2026, 10, 26, 10, 15, 0, 0));
    await create('pay-plain', { project: { key: 'PAY' } }, Date.UTC(2026, 10, 26, 10, 16, 30, 500));
    await create('pay-case', { project: { key: 'PAY' }, [CASE_IDS]: ['500Hostile"1'], labels: hostile.labels }, Date.UTC(2026, 10, 26, 10, 17, 0, 0));
    clockMs = Date.UTC(2026, 10, 26, 11, 0, 0, 0);
    const parent = await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'inc' } });
    keys['inc'] = parent.key;
    const child = await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Sub-task' }, summary: 'child', parent: { key: parent.key } } });
    keys['child'] = child.key;
    clockMs = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
    await client.issues.doTransition({ issueIdOrKey: keys['drv-old'] as string, transition: { id: '11' } });
  });
  after(async () => {
    await server.close();
  });

  it('filters by project, issuetype, status, labels and key with =, !=, in, not in', async () => {
    assert.deepEqual(await searchKeys('project = DRV ORDER BY key ASC'), [keys['drv-old'], keys['drv-new']]);
    assert.deepEqual(await searchKeys('project in (DRV, "Payments & Billing") AND status = "To Do" ORDER BY key ASC'), [keys['drv-new'], keys['pay-plain'], keys['pay-case']]);
    assert.deepEqual(await searchKeys('project = DRV AND status != "To Do"'), [keys['drv-old']]);
    assert.deepEqual(await searchKeys('issuetype = Sub-task'), [keys['child']]);
    assert.deepEqual(await searchKeys('type in (Incident) OR labels = beta ORDER BY key DESC'), [keys['inc'], keys['drv-new']]);
    assert.deepEqual(await searchKeys(`key in (${keys['drv-new'] as string}, ${keys['pay-case'] as string}) ORDER BY created DESC`), [keys['pay-case'], keys['drv-new']]);
    assert.deepEqual(await searchKeys(`parent = ${keys['inc'] as string}`), [keys['child']]);
    assert.deepEqual(await searchKeys('project = DRV AND assignee = "dev-maya-cohen"'), [keys['drv-new']]);
  });

  it("gives negative clauses on multi-value fields Jira's meaning (empty fields never match)", async () => {
    // pay-plain has no labels, so neither `labels != beta` nor `labels not in (...)` returns it.
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND labels != beta ORDER BY key ASC'), [keys['drv-old'], keys['pay-case']]);
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND labels not in (alpha) ORDER BY key ASC'), [keys['pay-case']]);
    assert.deepEqual(await searchKeys('project = PAY AND labels is EMPTY'), [keys['pay-plain']]);
    assert.deepEqual(await searchKeys('project = PAY AND NOT (labels is EMPTY)'), [keys['pay-case']]);
    // Only drv-old moved (to In Progress); nothing is resolved yet.
    assert.deepEqual(await searchKeys('project = DRV AND resolution = Unresolved ORDER BY key ASC'), [keys['drv-old'], keys['drv-new']]);
    assert.deepEqual(await searchKeys('project = DRV AND resolution != Unresolved'), []);
    assert.deepEqual(await searchKeys('project = DRV AND resolution is EMPTY AND priority = Medium ORDER BY key ASC'), [keys['drv-old'], keys['drv-new']]);
  });

  it('compares updated and created at minute precision in the site time zone (UTC)', async () => {
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND created >= "2026-11-26 10:15" ORDER BY created ASC'), [keys['drv-new'], keys['pay-plain'], keys['pay-case']]);
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND created < "2026-11-26 10:15"'), [keys['drv-old']]);
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND created > "2026/11/26 10:16" AND created <= "2026-11-26 10:17" ORDER BY key ASC'), [keys['pay-plain'], keys['pay-case']]);
    // drv-old was transitioned at 12:00, so its `updated` moved while `created` did not.
    assert.deepEqual(await searchKeys('updated >= "2026-11-26 12:00" ORDER BY updated ASC'), [keys['drv-old']]);
    assert.deepEqual(await searchKeys('project in (DRV, PAY) AND updated >= -90m ORDER BY updated DESC, key ASC'), [keys['drv-old']]);
  });

  it('keeps hostile strings intact through quoting with \\" and \\\\ escapes', async () => {
    for (const label of hostile.labels) {
      assert.deepEqual(await searchKeys(`labels = ${quoteJql(label)}`), [keys['pay-case']], `label ${label}`);
    }
    assert.deepEqual(await searchKeys(`cf[${CASE_IDS.replace('customfield_', '')}] = ${quoteJql('500Hostile"1')}`), [keys['pay-case']]);
    assert.deepEqual(await searchKeys(`"Salesforce Case Ids" in (${quoteJql('500Hostile"1')}, "other")`), [keys['pay-case']]);
    assert.deepEqual(await searchKeys("labels = 'it\\'s'"), [keys['pay-case']]);
    for (const summary of hostile.summaries) {
      const { key } = await client.issues.createIssue({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary } });
      const issue = await client.issues.getIssue({ issueIdOrKey: key, fields: ['summary'] });
      assert.equal(issue.fields.summary, summary);
    }
  });

  it('finds any label written through JQL quoting (property-based)', async () => {
    const tricky = fc.constantFrom('"', '\\', "'", ',', '(', ')', '=', '~', '-', 'א', 'ж', '🚕', 'a', '\u200f');
    const label = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 }).filter((value) => !/\s/.test(value));
    await fc.assert(
      fc.asyncProperty(label, async (value) => {
        const marker = `${value}`;
        const { key } = await client.issues.createIssue({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'pbt', labels: [marker] } });
        const found = await searchKeys(`project = OPS AND labels = ${quoteJql(marker)}`);
        assert.ok(found.includes(key), `label ${JSON.stringify(marker)} not found`);
        await client.issues.deleteIssue({ issueIdOrKey: key });
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it('answers anything outside the subset with 400 and a Jira error body', async () => {
    const refused = [
      'summary ~ "payout"',
      'text ~ "x"',
      'fixVersion = "2026.12"',
      'status WAS "Done"',
      'project = DRV ORDER BY labels',
      'assignee in membersOf("jira-software-users")',
      'updated >= startOfDay()',
      'updated >= "yesterday"',
      'updated >= "2026-13-01"',
      'project = DRV AND',
      'project = NOPE',
      'status = "Not A Status"',
      'key in (DRV-99999)',
      'key = "not a key"',
      'labels = "unterminated',
      'labels = "bad \\q escape"',
      'project = DRV ) OR (',
      'nosuchfield = 1',
      'ORDER BY updated ASC',
      '',
    ];
    for (const jql of refused) {
      const response = await searchStatus(jql);
      assert.equal(response.status, 400, `expected 400 for ${jql}, got ${response.status}: ${JSON.stringify(response.body)}`);
      const body = response.body as { errorMessages: string[]; errors: object };
      assert.equal(body.errorMessages.length, 1, jql);
      assert.deepEqual(body.errors, {});
    }
  });

  it('reports every invalid value at once, as Jira does', async () => {
    const response = await searchStatus('key in (DRV-9998, "DRV-9999") AND status = Nope ORDER BY nothing');
    assert.equal(response.status, 400);
    assert.deepEqual((response.body as { errorMessages: string[] }).errorMessages, [
      "An issue with key 'DRV-9998' does not exist for field 'key'.",
      "An issue with key 'DRV-9999' does not exist for field 'key'.",
      "The value 'Nope' does not exist for the field 'status'.",
      "Field 'nothing' does not exist or you do not have permission to view it.",
    ]);
  });

  it('rejects a page token that belongs to another query', async () => {
    const first = await server.request('POST', '/rest/api/3/search/jql', { jql: 'project in (DRV, PAY)', maxResults: 1 });
    const token = (first.body as { nextPageToken: string }).nextPageToken;
    assert.equal(typeof token, 'string');
    const reused = await server.request('POST', '/rest/api/3/search/jql', { jql: 'project = DRV', maxResults: 1, nextPageToken: token });
    assert.equal(reused.status, 400);
  });
});

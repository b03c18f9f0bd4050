import assert from 'node:assert/strict';
import { HttpException, Version3Client } from 'jira.js';
import { type JiraTestServer, adf, startJiraTestServer } from './jira-test-server.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

const CASE_IDS = sandboxFieldId('Salesforce Case Ids');
const SEVERITY = sandboxFieldId('Severity');
const CASE_NUMBER = sandboxFieldId('Case Number');
const SLA_STATUS = sandboxFieldId('SLA Status');

/** The real jira.js 5 client (unmodified) driving the emulator over HTTP. */
describe('Jira emulator driven by jira.js Version3Client', function () {
  this.timeout(30_000);
  let server: JiraTestServer;
  let client: Version3Client;

  before(async () => {
    server = await startJiraTestServer();
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 'token' } } });
  });
  after(async () => {
    await server.close();
  });

  async function expectHttpError(promise: Promise<unknown>, status: number): Promise<Record<string, unknown>> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof HttpException, `expected an HttpException, got ${String(error)}`);
      assert.equal(error.status, status);
      return (error.response as { data: Record<string, unknown> }).data;
    }
    assert.fail(`expected HTTP ${status}`);
  }

  it('reads site metadata: myself, serverInfo, projects, fields', async () => {
    const me = await client.myself.getCurrentUser();
    assert.equal(me.emailAddress, 'casebridge@integration.example');
    const info = await client.serverInfo.getServerInfo();
    assert.equal(info.deploymentType, 'Cloud');
    const inc = await client.projects.getProject({ projectIdOrKey: 'INC' });
    assert.deepEqual(
      inc.issueTypes?.map((t) => [t.name, t.subtask]),
      [
        ['Incident', false],
        ['Sub-task', true],
      ],
    );
    const fields = await client.issueFields.getFields();
    assert.equal(fields.find((f) => f.id === SEVERITY)?.schema?.type, 'option');
  });

  it('refuses calls without credentials', async () => {
    const anonymous = new Version3Client({ host: server.baseUrl });
    const body = await expectHttpError(anonymous.myself.getCurrentUser(), 401);
    assert.ok(Array.isArray(body['errorMessages']));
  });

  it('creates, edits and reads an issue with its changelog', async () => {
    const created = await client.issues.createIssue({
      fields: {
        project: { key: 'DRV' },
        issuetype: { name: 'Bug' },
        summary: 'Payout missing',
        description: adf('Driver reports a missing payout.') as never,
        labels: ['sf-case-5003000000D8cuI'],
        priority: { name: 'High' },
        [CASE_IDS]: ['5003000000D8cuI'],
        [CASE_NUMBER]: '00001042',
      },
    });
    assert.match(created.key, /^DRV-\d+$/);
    await client.issues.editIssue({
      issueIdOrKey: created.key,
      fields: { assignee: { accountId: 'dev-maya-cohen' }, fixVersions: [{ name: '2026.12' }], [SLA_STATUS]: 'At Risk' },
      update: { labels: [{ add: 'vip' }, { remove: 'sf-case-5003000000D8cuI' }] },
    });
    const issue = await client.issues.getIssue({ issueIdOrKey: created.key, expand: 'changelog', fields: ['summary', 'labels', 'assignee', 'fixVersions', SLA_STATUS, 'updated'] });
    assert.deepEqual(issue.fields.labels, ['vip']);
    assert.equal(issue.fields.assignee?.displayName, 'Maya Cohen');
    assert.equal(issue.fields.fixVersions?.[0]?.name, '2026.12');
    assert.equal(issue.fields[SLA_STATUS], 'At Risk');
    assert.match(String(issue.fields.updated), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const history = issue.changelog?.histories?.[0];
    assert.equal(history?.author?.accountId, 'integration-casebridge');
    const byField = Object.fromEntries((history?.items ?? []).map((i) => [i.field, i]));
    assert.equal(byField['assignee']?.to, 'dev-maya-cohen');
    assert.equal(byField['labels']?.fromString, 'sf-case-5003000000D8cuI');
    assert.equal(byField['labels']?.toString, 'vip');
    assert.equal(byField['Fix Version']?.toString, '2026.12');
    assert.equal(byField['SLA Status']?.fieldtype, 'custom');

    const refused = await expectHttpError(client.issues.editIssue({ issueIdOrKey: created.key, fields: { summary: 'changed?' }, transition: { id: '61' } }), 400);
    assert.deepEqual(refused['errorMessages'], ["Transition id '61' is not valid for this issue."]);
    const unchanged = await client.issues.getIssue({ issueIdOrKey: created.key, fields: ['summary'] });
    assert.equal(unchanged.fields.summary, 'Payout missing', 'a refused transition leaves the edit unapplied');
    await client.issues.editIssue({ issueIdOrKey: created.key, fields: { summary: 'Payout missing (confirmed)' }, transition: { id: '11' }, properties: [{ key: 'casebridge', value: { v: 1 } }] });
    const after = await client.issues.getIssue({ issueIdOrKey: created.key, fields: ['summary', 'status'], properties: ['casebridge'] });
    assert.deepEqual(
      [after.fields.summary, after.fields.status?.name, (after.properties as Record<string, unknown> | undefined)?.['casebridge']],
      ['Payout missing (confirmed)', 'In Progress', { v: 1 }],
    );
  });

  it('bulk-creates with one bad issue: the good ones are created, the bad one reported by element number', async () => {
    const result = await client.issues.createIssues({
      issueUpdates: [
        { fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Invoice VAT wrong' } },
        { fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Bad priority', priority: { name: 'Urgent' } } },
        { fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Refund delayed' } },
      ],
    });
    assert.equal(result.issues?.length, 2);
    assert.equal(result.errors?.length, 1);
    assert.equal(result.errors?.[0]?.failedElementNumber, 1);
    assert.equal((result.errors?.[0]?.elementErrors?.errors as Record<string, string> | undefined)?.['priority'], 'The priority selected is invalid.');
    const tooMany = Array.from({ length: 51 }, () => ({ fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'x' } }));
    await expectHttpError(client.issues.createIssues({ issueUpdates: tooMany }), 400);
  });

  it('transitions along the workflow and refuses a transition not available from the current status', async () => {
    const { key } = await client.issues.createIssue({ fields: { project: { key: 'AUTH' }, issuetype: { name: 'Task' }, summary: 'SSO loop' } });
    const available = await client.issues.getTransitions({ issueIdOrKey: key });
    assert.deepEqual(
      available.transitions?.map((t) => `${t.id}:${t.name}->${t.to?.name}`),
      ['11:Start Progress->In Progress', "71:Won't Do->Won't Do"],
    );
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '61' }, fields: { [SLA_STATUS]: 'Met' } });
    const refused = await expectHttpError(client.issues.doTransition({ issueIdOrKey: key, transition: { id: '41' } }), 400);
    assert.deepEqual(refused, { errorMessages: ["Transition id '41' is not valid for this issue."], errors: {} });
    const issue = await client.issues.getIssue({ issueIdOrKey: key, fields: ['status', 'resolution', SLA_STATUS] });
    assert.equal(issue.fields.status?.name, 'Done');
    assert.equal(issue.fields.status?.statusCategory?.key, 'done');
    assert.equal(issue.fields.resolution?.name, 'Done');
    assert.equal(issue.fields[SLA_STATUS], 'Met');
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '81' } });
    const reopened = await client.issues.getIssue({ issueIdOrKey: key, fields: ['status', 'resolution'] });
    assert.deepEqual([reopened.fields.status?.name, reopened.fields.resolution], ['To Do', null]);
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '71' }, fields: { resolution: { name: 'Duplicate' } } });
    const closed = await client.issues.getIssue({ issueIdOrKey: key, fields: ['status', 'resolution'] });
    assert.deepEqual([closed.fields.status?.name, closed.fields.resolution?.name], ["Won't Do", 'Duplicate']);
  });

  it('adds, lists and updates comments with visibility', async () => {
    const { key } = await client.issues.createIssue({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Macro missing' } });
    const comment = await client.issueComments.addComment({
      issueIdOrKey: key,
      comment: adf('Only for developers: "quotes" עברית русский 🚕') as never,
      visibility: { type: 'role', value: 'Developers' },
    });
    assert.deepEqual(comment.visibility, { type: 'role', value: 'Developers' });
    assert.ok(comment.id);
    await client.issueComments.updateComment({ issueIdOrKey: key, id: comment.id, body: adf('Edited') as never });
    const page = await client.issueComments.getComments({ issueIdOrKey: key });
    assert.equal(page.total, 1);
    assert.equal(page.comments?.[0]?.updated !== undefined, true);
    assert.deepEqual(page.comments?.[0]?.body, adf('Edited'));
    const refused = await expectHttpError(client.issueComments.addComment({ issueIdOrKey: key, comment: adf('x') as never, visibility: { type: 'role', value: 'Wizards' } }), 400);
    assert.match(String((refused['errors'] as Record<string, string>)['commentLevel']), /Wizards/);
  });

  it('upserts remote links by globalId, stores properties, links issues and sub-tasks', async () => {
    const { key } = await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'Pricing down', [SEVERITY]: { value: 'SEV2' } } });
    const first = await client.issueRemoteLinks.createOrUpdateRemoteIssueLink({ issueIdOrKey: key, globalId: 'sf:case:1', object: { url: 'https://sf.example/1', title: 'Case 1' } });
    const second = await client.issueRemoteLinks.createOrUpdateRemoteIssueLink({ issueIdOrKey: key, globalId: 'sf:case:1', object: { url: 'https://sf.example/1', title: 'Case 1 (VIP)' } });
    assert.equal(second.id, first.id);
    const links = (await client.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: key })) as unknown as { object: { title: string } }[];
    assert.deepEqual(
      links.map((l) => l.object.title),
      ['Case 1 (VIP)'],
    );
    await client.issueProperties.setIssueProperty({ issueIdOrKey: key, propertyKey: 'casebridge', propertyValue: { cases: ['5003000000D8cuI'] } });
    const property = await client.issueProperties.getIssueProperty({ issueIdOrKey: key, propertyKey: 'casebridge' });
    assert.deepEqual(property.value, { cases: ['5003000000D8cuI'] });
    const subtask = await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Sub-task' }, summary: 'RCA', parent: { key } } });
    await expectHttpError(client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Sub-task' }, summary: 'orphan' } }), 400);
    await client.issueLinks.linkIssues({ type: { name: 'Relates' }, inwardIssue: { key: subtask.key }, outwardIssue: { key } });
    const parent = await client.issues.getIssue({ issueIdOrKey: key, fields: ['subtasks', 'issuelinks', SEVERITY] });
    assert.deepEqual(
      parent.fields.subtasks?.map((s) => s.key),
      [subtask.key],
    );
    assert.equal(parent.fields.issuelinks?.[0]?.inwardIssue?.key, subtask.key);
    assert.equal((parent.fields[SEVERITY] as { value: string }).value, 'SEV2');

    const other = await client.issues.createIssue({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'SMS gateway down' } });
    await client.issues.editIssue({ issueIdOrKey: subtask.key, fields: { parent: { key: other.key } } });
    const [oldParent, newParent] = await Promise.all([key, other.key].map((k) => client.issues.getIssue({ issueIdOrKey: k, fields: ['subtasks'] })));
    assert.deepEqual([oldParent?.fields.subtasks?.length, newParent?.fields.subtasks?.map((s) => s.key)], [0, [subtask.key]]);
    await expectHttpError(client.issues.deleteIssue({ issueIdOrKey: other.key }), 400);
    await client.issues.deleteIssue({ issueIdOrKey: other.key, deleteSubtasks: true });
    await expectHttpError(client.issues.getIssue({ issueIdOrKey: subtask.key }), 404);
  });

  it('pages 120 issues through /search/jql with nextPageToken', async () => {
    const issueUpdates = Array.from({ length: 40 }, (_, i) => ({ fields: { project: { key: 'B2B' }, issuetype: { name: 'Task' }, summary: `Bulk ${i}`, labels: ['paging'] } }));
    for (let batch = 0; batch < 3; batch += 1) await client.issues.createIssues({ issueUpdates });
    const keys: string[] = [];
    const pageSizes: number[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: 'project = B2B AND labels = paging ORDER BY key ASC',
        maxResults: 50,
        fields: ['summary', 'updated'],
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      pageSizes.push(page.issues?.length ?? 0);
      keys.push(...(page.issues ?? []).map((i) => i.key));
      nextPageToken = page.nextPageToken;
      // jira.js 5.4 types omit `isLast`, but Jira sends it.
      assert.equal((page as { isLast?: boolean }).isLast, nextPageToken === undefined);
    } while (nextPageToken);
    assert.deepEqual(pageSizes, [50, 50, 20]);
    assert.equal(new Set(keys).size, 120);
    const numbers = keys.map((k) => Number(k.split('-')[1]));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    const viaPost = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql: 'project = B2B AND labels = paging', maxResults: 5 });
    assert.deepEqual(Object.keys(viaPost.issues?.[0] ?? {}), ['id']);
  });

  it('answers JQL outside the subset with 400 and an unknown issue with 404', async () => {
    const unsupported = await expectHttpError(client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'summary ~ "payout"' }), 400);
    assert.equal((unsupported['errorMessages'] as string[]).length, 1);
    const missing = await expectHttpError(client.issues.getIssue({ issueIdOrKey: 'DRV-99999' }), 404);
    assert.deepEqual(missing, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });
});

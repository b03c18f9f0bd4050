/**
 * Issue watchers on the Jira emulator, as Jira Cloud serves them (checked against the OpenAPI
 * document), and casebridge's adapter calling them through jira.js: the accountId goes as a JSON
 * string body (204); twice is one watcher; an unknown account or issue is 404, another body 400;
 * no body adds the calling user; the creator watches from the start.
 */
import assert from 'node:assert/strict';
import { Version3Client } from 'jira.js';
import { createJiraIssueSystem } from '../../../src/adapters/jira/issue-system.js';
import { JiraOpenApiValidator } from './jira-openapi-validator.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

describe('Jira emulator: issue watchers', function () {
  this.timeout(30_000);
  let server: JiraTestServer;
  let key: string;
  const spec = new JiraOpenApiValidator();
  const PATH = '/rest/api/3/issue/{issueIdOrKey}/watchers';
  const watcherIds = async () => {
    const answer = await server.request('GET', `/rest/api/3/issue/${key}/watchers`);
    assert.equal(answer.status, 200);
    spec.assertResponse(PATH, 'GET', 200, answer.body);
    return (answer.body as { watchers: Array<{ accountId: string }> }).watchers.map((w) => w.accountId);
  };

  before(async () => {
    server = await startJiraTestServer();
    const created = await server.request('POST', '/rest/api/3/issue', { fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'Payments down' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    key = (created.body as { key: string }).key;
  });
  after(async () => server.close());

  it('adds by accountId through casebridge adapter (jira.js), once however often; the creator watches already', async () => {
    const me = ((await server.request('GET', '/rest/api/3/myself')).body as { accountId: string }).accountId;
    assert.deepEqual(await watcherIds(), [me]);
    const client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 'test-token' } } });
    const issues = createJiraIssueSystem({ client, baseUrl: server.baseUrl });
    assert.deepEqual(await issues.addWatcher(key, 'im-sarah-oconnor'), { ok: true, value: null });
    assert.deepEqual(await issues.addWatcher(key, 'im-sarah-oconnor'), { ok: true, value: null });
    assert.deepEqual((await watcherIds()).sort(), [me, 'im-sarah-oconnor'].sort());
    const answer = (await server.request('GET', `/rest/api/3/issue/${key}/watchers`)).body as { watchCount: number; isWatching: boolean };
    assert.deepEqual([answer.watchCount, answer.isWatching], [2, true]);
  });

  it('answers 204 with no body, 404 for an unknown account or issue, 400 for a body that is not a string', async () => {
    const added = await server.request('POST', `/rest/api/3/issue/${key}/watchers`, 'dev-noam-levi');
    assert.deepEqual([added.status, added.body], [204, undefined]);
    assert.equal((await server.request('POST', `/rest/api/3/issue/${key}/watchers`, 'nobody-at-all')).status, 404);
    assert.equal((await server.request('POST', '/rest/api/3/issue/INC-9999/watchers', 'dev-noam-levi')).status, 404);
    assert.equal((await server.request('POST', `/rest/api/3/issue/${key}/watchers`, { accountId: 'dev-noam-levi' })).status, 400);
    const client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 'test-token' } } });
    const missing = await createJiraIssueSystem({ client, baseUrl: server.baseUrl }).addWatcher(key, 'nobody-at-all');
    assert.equal(missing.ok, false, 'an unknown account is an expected failure, returned');
    assert.ok((await watcherIds()).includes('dev-noam-levi'));
    assert.equal((await server.request('DELETE', `/rest/api/3/issue/${key}/watchers?accountId=dev-noam-levi`)).status, 204);
    assert.ok(!(await watcherIds()).includes('dev-noam-levi'));
  });
});

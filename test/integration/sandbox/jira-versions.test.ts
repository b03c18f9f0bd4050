/**
 * `POST /rest/api/3/version` (createVersion) on the Jira emulator, through jira.js: names of up to
 * 255 characters, as Jira Cloud takes them (Version.name in the OpenAPI document), so an issue can
 * carry fix versions whose names together run far past a short text field.
 */
import assert from 'node:assert/strict';
import { Version3Client } from 'jira.js';
import { JiraOpenApiValidator } from './jira-openapi-validator.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

describe('Jira emulator: creating versions', function () {
  this.timeout(30_000);
  let server: JiraTestServer;
  let client: Version3Client;
  const spec = new JiraOpenApiValidator();
  before(async () => {
    server = await startJiraTestServer();
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 'test-token' } } });
  });
  beforeEach(() => server.emulator.reset());
  after(async () => server.close());

  const longName = (prefix: string) => `${prefix} ${'payments platform hardening '.repeat(9)}`.slice(0, 255);

  it('creates a 255-character version that lists with the project and can be set on an issue beside another', async () => {
    const project = await client.projects.getProject({ projectIdOrKey: 'DRV' });
    const first = await client.projectVersions.createVersion({ name: longName('2027.02'), projectId: Number(project.id) });
    spec.assertResponse('/rest/api/3/version', 'POST', 201, first);
    assert.equal(first.name?.length, 255);
    assert.equal(first.released, false);
    const second = await client.projectVersions.createVersion({ name: longName('2027.03'), projectId: Number(project.id) });
    assert.notEqual(second.id, first.id);
    const listed = await client.projectVersions.getProjectVersions({ projectIdOrKey: 'DRV' });
    assert.deepEqual(
      listed.slice(-2).map((v) => v.id),
      [first.id, second.id],
    );

    const issue = await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'Two long releases' } });
    await client.issues.editIssue({ issueIdOrKey: issue.key, fields: { fixVersions: [{ name: first.name }, { name: second.name }] } });
    const read = await client.issues.getIssue({ issueIdOrKey: issue.key, fields: ['fixVersions'] });
    assert.deepEqual(
      read.fields.fixVersions.map((v) => v.name),
      [first.name, second.name],
    );
  });

  it('refuses a name over 255 characters or already in the project (400 naming the name) and an unknown project (404)', async () => {
    const tooLong = await server.request('POST', '/rest/api/3/version', { name: 'x'.repeat(256), projectId: 10000 });
    assert.equal(tooLong.status, 400);
    assert.match((tooLong.body as { errors: Record<string, string> }).errors['name'] ?? '', /must not exceed 255 characters \(it has 256\)/);
    const taken = await server.request('POST', '/rest/api/3/version', { name: '2026.10', projectId: 10000 });
    assert.equal(taken.status, 400);
    assert.match((taken.body as { errors: Record<string, string> }).errors['name'] ?? '', /already exists in project DRV/);
    const nowhere = await server.request('POST', '/rest/api/3/version', { name: 'Next', projectId: 99999 });
    assert.equal(nowhere.status, 404);
  });

  it('forgets created versions on reset', async () => {
    await server.request('POST', '/rest/api/3/version', { name: 'Short-lived', project: 'DRV' });
    server.emulator.reset();
    const listed = (await server.request('GET', '/rest/api/3/project/DRV/versions')).body as Array<{ name: string }>;
    assert.ok(!listed.some((v) => v.name === 'Short-lived'));
  });
});

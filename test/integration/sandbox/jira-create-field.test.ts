/** `POST /rest/api/3/field` (createCustomField) on the Jira emulator, checked against the OpenAPI document. */
import assert from 'node:assert/strict';
import { JiraOpenApiValidator } from './jira-openapi-validator.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

const TYPES = 'com.atlassian.jira.plugin.system.customfieldtypes:';

describe('Jira emulator: creating custom fields', function () {
  this.timeout(30_000);
  let server: JiraTestServer;
  const spec = new JiraOpenApiValidator();
  before(async () => {
    server = await startJiraTestServer();
  });
  after(async () => server.close());

  it('creates a field with the next id, lists it in GET /field, and allows a second of the same name', async () => {
    const created = await server.request('POST', '/rest/api/3/field', { name: 'Customer Segment', type: `${TYPES}textfield`, searcherKey: `${TYPES}textsearcher`, description: 'x' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    spec.assertResponse('/rest/api/3/field', 'POST', 201, created.body);
    const field = created.body as { id: string; name: string; schema: Record<string, unknown>; clauseNames: string[] };
    assert.match(field.id, /^customfield_\d+$/);
    assert.deepEqual(
      [field.name, field.schema, field.clauseNames],
      ['Customer Segment', { type: 'string', custom: `${TYPES}textfield`, customId: Number(field.id.slice(12)) }, [`cf[${field.id.slice(12)}]`, 'Customer Segment']],
    );
    const listed = (await server.request('GET', '/rest/api/3/field')).body as Array<{ id: string; name: string }>;
    assert.ok(listed.some((f) => f.id === field.id && f.name === 'Customer Segment'));
    assert.ok(
      listed.filter((f) => f.id.startsWith('customfield_')).every((f) => Number(f.id.slice(12)) <= Number(field.id.slice(12))),
      'the next free number',
    );
    const twin = await server.request('POST', '/rest/api/3/field', { name: 'Customer Segment', type: `${TYPES}float` });
    assert.equal(twin.status, 201);
    assert.notEqual((twin.body as { id: string }).id, field.id);
  });

  it('refuses a missing name, an unknown type and a searcher the type does not take, naming each', async () => {
    const bad = await server.request('POST', '/rest/api/3/field', { type: `${TYPES}rocket`, name: '' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys((bad.body as { errors: Record<string, string> }).errors).sort(), ['name', 'type']);
    const searcher = await server.request('POST', '/rest/api/3/field', { name: 'When', type: `${TYPES}datetime`, searcherKey: `${TYPES}textsearcher` });
    assert.equal(searcher.status, 400);
    assert.match((searcher.body as { errors: Record<string, string> }).errors['searcherKey'] ?? '', /not valid for the field type/);
  });
});

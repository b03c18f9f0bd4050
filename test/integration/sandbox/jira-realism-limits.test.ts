/**
 * Jira Cloud's text limits: description, comment bodies and textarea custom fields at most 32,767
 * characters, summary and single-line text fields at most 255; over the limit is a 400 with Jira's message,
 * on create (each element of a bulk create on its own), edit and comment.
 */
import assert from 'node:assert/strict';
import type { FieldDef } from '../../../src/sandbox/jira/catalog-types.js';
import { parseFieldValue } from '../../../src/sandbox/jira/field-input.js';
import { JiraStore } from '../../../src/sandbox/jira/store.js';
import { type JiraTestServer, adf, startJiraTestServer } from './jira-test-server.js';

const LONG_LIMIT = 32_767;
const TOO_LONG_32K = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
const TOO_LONG_255 = 'The entered text is too long. It exceeds the allowed limit of 255 characters.';

interface ErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

describe('Jira emulator: text limits', () => {
  let server: JiraTestServer;
  let singleLineFieldId: string;
  before(async () => {
    server = await startJiraTestServer();
    const fields = (await server.request('GET', '/rest/api/3/field')).body as { id: string; name: string }[];
    singleLineFieldId = fields.find((f) => f.name === 'Affected Service')?.id ?? '';
    assert.ok(singleLineFieldId.startsWith('customfield_'));
  });
  after(async () => {
    await server.close();
  });

  const issueBody = (fields: Record<string, unknown>) => ({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'limits', ...fields } });
  const createIssue = (fields: Record<string, unknown>) => server.request('POST', '/rest/api/3/issue', issueBody(fields));

  it('takes a description of exactly 32,767 characters and refuses one more, counting the text of the document', async () => {
    assert.equal((await createIssue({ description: adf('x'.repeat(LONG_LIMIT)) })).status, 201);
    const refused = await createIssue({ description: adf('x'.repeat(LONG_LIMIT + 1)) });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, { errorMessages: [], errors: { description: TOO_LONG_32K } });
  });

  it('refuses a summary over 255 characters and a single-line text field over 255', async () => {
    assert.equal((await createIssue({ summary: 's'.repeat(255), [singleLineFieldId]: 'a'.repeat(255) })).status, 201);
    const summary = await createIssue({ summary: 's'.repeat(256) });
    assert.equal(summary.status, 400);
    assert.deepEqual((summary.body as ErrorBody).errors, { summary: "Summary can't exceed 255 characters." });
    const text = await createIssue({ [singleLineFieldId]: 'a'.repeat(256) });
    assert.deepEqual((text.body as ErrorBody).errors, { [singleLineFieldId]: TOO_LONG_255 });
  });

  it('refuses only the over-long elements of a bulk create, each with its element number', async () => {
    const response = await server.request('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: [issueBody({}), issueBody({ description: adf('y'.repeat(LONG_LIMIT + 5)) }), issueBody({ summary: 'z'.repeat(300) })],
    });
    assert.equal(response.status, 201);
    const body = response.body as { issues: unknown[]; errors: { failedElementNumber: number; elementErrors: ErrorBody }[] };
    assert.equal(body.issues.length, 1);
    assert.deepEqual(
      body.errors.map((e) => [e.failedElementNumber, e.elementErrors.errors]),
      [
        [1, { description: TOO_LONG_32K }],
        [2, { summary: "Summary can't exceed 255 characters." }],
      ],
    );
  });

  it('refuses an over-long description on edit (fields and update set) and leaves the issue as it was', async () => {
    const created = (await createIssue({ description: adf('short') })).body as { key: string };
    const viaFields = await server.request('PUT', `/rest/api/3/issue/${created.key}`, { fields: { description: adf('d'.repeat(LONG_LIMIT + 1)) } });
    assert.equal(viaFields.status, 400);
    assert.deepEqual((viaFields.body as ErrorBody).errors, { description: TOO_LONG_32K });
    const viaUpdate = await server.request('PUT', `/rest/api/3/issue/${created.key}`, { update: { description: [{ set: adf('d'.repeat(LONG_LIMIT + 1)) }] } });
    assert.equal(viaUpdate.status, 400);
    const issue = (await server.request('GET', `/rest/api/3/issue/${created.key}?fields=description`)).body as { fields: { description: unknown } };
    assert.deepEqual(issue.fields.description, adf('short'));
  });

  it('refuses a comment body over 32,767 characters on add and on update', async () => {
    const created = (await createIssue({})).body as { key: string };
    assert.equal((await server.request('POST', `/rest/api/3/issue/${created.key}/comment`, { body: adf('c'.repeat(LONG_LIMIT)) })).status, 201);
    const refused = await server.request('POST', `/rest/api/3/issue/${created.key}/comment`, { body: adf('c'.repeat(LONG_LIMIT + 1)) });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, { errorMessages: [], errors: { comment: TOO_LONG_32K } });
    const first = (await server.request('GET', `/rest/api/3/issue/${created.key}/comment`)).body as { comments: { id: string }[] };
    const update = await server.request('PUT', `/rest/api/3/issue/${created.key}/comment/${first.comments[0]?.id ?? ''}`, { body: adf('c'.repeat(LONG_LIMIT + 1)) });
    assert.equal(update.status, 400);
    assert.equal(first.comments.length, 1, 'the refused comment was not added');
  });

  it('gives a textarea custom field created through POST /field the 32,767 limit', async () => {
    const created = await server.request('POST', '/rest/api/3/field', {
      name: 'Customer Context',
      type: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
      searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:textsearcher',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const fieldId = (created.body as { id: string }).id;
    assert.equal((await createIssue({ [fieldId]: 'x'.repeat(LONG_LIMIT) })).status, 201);
    const refused = await createIssue({ [fieldId]: 'x'.repeat(LONG_LIMIT + 1) });
    assert.equal(refused.status, 400);
    assert.deepEqual((refused.body as ErrorBody).errors, { [fieldId]: TOO_LONG_32K });
  });

  it('gives textarea custom fields the 32,767 limit and textfields 255', () => {
    const store = new JiraStore(() => 'http://sandbox.invalid');
    const project = store.catalog.projects[0];
    assert.ok(project);
    const customField = (customId: number, type: 'textarea' | 'textfield'): FieldDef => ({
      id: `customfield_${customId}`,
      name: `Field ${customId}`,
      custom: true,
      kind: 'string',
      clauseNames: [`cf[${customId}]`],
      settable: true,
      schema: { type: 'string', custom: `com.atlassian.jira.plugin.system.customfieldtypes:${type}`, customId },
    });
    const textarea = customField(19_001, 'textarea');
    assert.deepEqual(parseFieldValue(store, textarea, project, 't'.repeat(LONG_LIMIT)), { ok: true, value: 't'.repeat(LONG_LIMIT) });
    assert.deepEqual(parseFieldValue(store, textarea, project, 't'.repeat(LONG_LIMIT + 1)), { ok: false, error: TOO_LONG_32K });
    assert.deepEqual(parseFieldValue(store, customField(19_002, 'textfield'), project, 't'.repeat(256)), { ok: false, error: TOO_LONG_255 });
  });
});

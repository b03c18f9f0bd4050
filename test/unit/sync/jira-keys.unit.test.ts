import assert from 'node:assert/strict';
import { isIssueKey, isProjectKey, projectOfIssueKey } from '../../../src/domain/jira-keys.js';
import { decideCase } from '../../../src/domain/sync/plan-case.js';
import { mirroredIssueCommentIds, toCaseCommentBody } from '../../../src/domain/sync/comments.js';
import { syncFileSchema } from '../../../src/config/schemas/sync.js';
import { buildKeysJql, buildUpdatedJql } from '../../../src/adapters/jira/jql.js';
import { CASE_CUSTOM_FIELDS } from '../../../src/domain/salesforce/case-fields.js';
import { givenCase, givenSyncConfig } from './given.js';

const KEYS = ['ABC-1', 'MY_PROJ-12', 'R2D2-9', 'PRODUCT_2013-100', 'AB-1234567'];
const NOT_KEYS = ['ABC-0', 'OPS-01', 'abc-1', 'A-1', '1AB-2', '_AB-3', 'AB-', 'AB', 'AB-1 ', 'AB-1\n', 'A B-1', 'AB-1-2', "x' OR 1=1", '', 'AB--1'];

describe('Jira keys (one rule)', () => {
  it('accepts issue keys with underscores and digits, refuses zero and leading-zero numbers', () => {
    for (const key of KEYS) assert.ok(isIssueKey(key), key);
    for (const key of NOT_KEYS) assert.ok(!isIssueKey(key), JSON.stringify(key));
    assert.ok(!isIssueKey(12));
  });

  it('accepts project keys of 2 to 255 characters', () => {
    for (const key of ['AB', 'MY_PROJ', 'R2D2', 'PRODUCT_2013', `A${'B'.repeat(254)}`]) assert.ok(isProjectKey(key), key);
    for (const key of ['A', 'ab', '2AB', '_AB', 'AB-1', 'A-B', `A${'B'.repeat(255)}`]) assert.ok(!isProjectKey(key), key);
    assert.equal(projectOfIssueKey('MY_PROJ-12'), 'MY_PROJ');
  });

  it('is the rule of typed keys, of the config and of JQL', () => {
    const config = givenSyncConfig();
    const context = { linkedIssueKey: null, keyWeWrote: null, topic: null };
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: 'MY_PROJ-12' }), context), { kind: 'link', issueKey: 'MY_PROJ-12' });
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: 'OPS-01' }), context), { kind: 'invalidKey', value: 'OPS-01' });
    assert.doesNotThrow(() => buildKeysJql(['MY_PROJ-12']));
    assert.throws(() => buildKeysJql(['ABC-0']));
    assert.doesNotThrow(() => buildUpdatedJql(new Date(0), ['MY_PROJ']));
    const raw = structuredClone(config) as unknown as { routing: { default: { project: string } } };
    raw.routing.default.project = 'MY_PROJ';
    assert.ok(syncFileSchema.safeParse(raw).success, 'a project key with an underscore is a valid routing target');
    raw.routing.default.project = 'my-proj';
    assert.ok(!syncFileSchema.safeParse(raw).success);
  });

  it('recognises comment footers naming such keys (no second mirror of the same comment)', () => {
    const body = toCaseCommentBody(givenSyncConfig(), {
      id: '10077',
      issueKey: 'MY_PROJ-12',
      body: '#customer fixed',
      authorAccountId: 'dev',
      created: '2026-11-26T10:00:00.000Z',
      visibility: null,
      properties: {},
    });
    const mirrored = mirroredIssueCommentIds([{ id: '00a1', caseId: '500x', body, isPublished: true, createdAt: '2026-11-26T10:00:01.000Z', createdById: '005x' }]);
    assert.deepEqual([...mirrored], ['MY_PROJ-12#10077']);
  });

  it('is the Case validation rule of Jira_Key__c (the SFDX project and the sandbox org)', () => {
    const format = CASE_CUSTOM_FIELDS.find((f) => f.apiName === 'Jira_Key__c')?.format;
    assert.ok(format, 'Jira_Key__c has a format rule');
    const rule = new RegExp(`^(?:${format.pattern})$`);
    for (const key of KEYS) assert.ok(rule.test(key), key);
    for (const key of NOT_KEYS) assert.ok(!rule.test(key), JSON.stringify(key));
  });
});

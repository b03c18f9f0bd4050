/**
 * Text over a target's limit is cut with a visible marker that names where the full text is, and
 * the marker counts in the limit: Jira long text 32,767 characters, single-line text 255,
 * Salesforce CaseComment.CommentBody 4,000 UTF-8 bytes.
 */
import assert from 'node:assert/strict';
import { CASE_COMMENT_MAX_BYTES, JIRA_SINGLE_LINE_MAX_CHARS, JIRA_TEXT_MAX_CHARS, fitText } from '../../../src/domain/sync/text-limits.js';
import { toCaseCommentBody, toJiraCommentBody, mirroredCaseCommentIds, mirroredIssueCommentIds } from '../../../src/domain/sync/comments.js';
import { decideCase } from '../../../src/domain/sync/plan-case.js';
import { planPair } from '../../../src/domain/sync/plan-pair.js';
import { toAdf, toPlainText } from '../../../src/domain/sync/adf.js';
import type { CaseCommentRecord, IssueCommentRecord } from '../../../src/domain/sync/records.js';
import { fitJiraField } from '../../../src/domain/sync/field-values.js';
import { resolveConfiguredJiraFields } from '../../../src/runtime/jira-field-ids.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';

const config = givenSyncConfig();
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const context = { linkedIssueKey: null, keyWeWrote: null, topic: 'driver_app' };
const noSnapshots = { salesforce: new Map(), jira: new Map() };

function givenJiraComment(body: string): IssueCommentRecord {
  return { id: '10077', issueKey: 'DRV-12', body, authorAccountId: 'developer-1', created: '2026-11-26T10:00:00.000Z', visibility: null, properties: {} };
}
function givenCaseComment(body: string): CaseCommentRecord {
  return { id: '00a000000000001AAA', caseId: '500000000000001AAA', body, isPublished: true, createdAt: '2026-11-26T10:00:00.000Z', createdById: '005000000000009AAA' };
}

describe('fitText', () => {
  it('returns text that fits unchanged, and cuts longer text so that text and marker fit exactly', () => {
    assert.equal(fitText('short', { max: 10, unit: 'chars' }, ' [cut]'), 'short');
    const cut = fitText('x'.repeat(20), { max: 10, unit: 'chars' }, ' [cut]');
    assert.equal(cut, 'xxxx [cut]');
    assert.equal(cut.length, 10);
  });

  it('never splits a surrogate pair or a UTF-8 sequence', () => {
    const emoji = fitText('😀'.repeat(10), { max: 9, unit: 'chars' }, '…');
    assert.equal(emoji, '😀😀😀😀…');
    const hebrew = fitText('שלום'.repeat(10), { max: 11, unit: 'utf8Bytes' }, '…');
    assert.equal(hebrew, 'שלום…');
    assert.ok(bytes(hebrew) <= 11);
  });

  it('keeps a suffix whole after the marker', () => {
    const fitted = fitText('y'.repeat(50), { max: 20, unit: 'chars' }, '[cut]', '|end');
    assert.equal(fitted, 'yyyyyyyyyyy[cut]|end');
  });
});

describe('comment bodies within their target limits', () => {
  for (const [language, letter] of [
    ['English', 'a'],
    ['Hebrew', 'ש'],
    ['Russian', 'ж'],
    ['emoji', '🚗'],
  ] as const) {
    it(`a long ${language} Jira comment fits CaseComment's 4,000 bytes, footer and marker included`, () => {
      for (const length of [1_990, 3_990, 4_100, 20_000]) {
        const body = toCaseCommentBody(config, givenJiraComment(`#customer ${letter.repeat(length)}`));
        assert.ok(bytes(body) <= CASE_COMMENT_MAX_BYTES, `${length} letters: ${bytes(body)} bytes`);
        assert.deepEqual([...mirroredIssueCommentIds([givenCaseComment(body)])], ['DRV-12#10077'], 'the footer is still recognised');
        if (bytes(`${letter.repeat(length)}`) > 3_900) assert.match(body, /the full comment is in Jira DRV-12/);
      }
    });
  }

  it('leaves a comment that fits alone', () => {
    assert.equal(toCaseCommentBody(config, givenJiraComment('#customer fixed in 4.2')), 'fixed in 4.2\n\n— Jira DRV-12, comment 10077');
  });

  it('a case comment over 32,767 characters reaches Jira cut, naming the case, with its footer', () => {
    const body = toJiraCommentBody(config, givenCaseComment('z'.repeat(40_000)), '00001001');
    assert.ok(body.length <= JIRA_TEXT_MAX_CHARS, String(body.length));
    assert.match(body, /the full comment is on Salesforce case 00001001/);
    assert.deepEqual([...mirroredCaseCommentIds([givenJiraComment(body)])], ['00a000000000001AAA']);
    assert.equal(toPlainText(toAdf(body)), body, 'what Jira stores reads back the same');
  });
});

describe('issue fields within Jira limits', () => {
  it('cuts a long description and summary with markers naming the case, and plans nothing once Jira holds them', () => {
    const record = givenCase({ Subject: 'S'.repeat(400), Description: 'D'.repeat(40_000) });
    const decision = decideCase(config, record, context);
    assert.equal(decision.kind, 'create');
    if (decision.kind !== 'create') return;
    const { summary, description } = decision.draft;
    assert.ok(summary.length <= JIRA_SINGLE_LINE_MAX_CHARS && summary.includes('00001001'), summary);
    assert.ok(description.length <= JIRA_TEXT_MAX_CHARS && /the full text is on Salesforce case 00001001/.test(description), String(description.length));
    const plan = planPair(config, { case: record, issue: givenIssue({ summary, description }), origin: 'created', snapshots: noSnapshots });
    assert.deepEqual(plan.issueUpdates, {});
  });

  it('cuts a single-line custom text field at 255 characters', () => {
    const decision = decideCase(config, givenCase({ Customer_Tier__c: 'T'.repeat(300) }), context);
    const tierField = config.fields.find((f) => f.salesforce === 'Customer_Tier__c')!.jira;
    assert.match(tierField, /^customfield_\d+$/);
    const tier = decision.kind === 'create' ? String(decision.draft.fields[tierField]) : '';
    assert.ok(tier.length <= JIRA_SINGLE_LINE_MAX_CHARS && tier.includes('00001001'), tier);
  });

  it('gives a multi-line custom field 32,767 characters, a single-line one 255', () => {
    const text = 'n'.repeat(40_000);
    assert.equal(fitJiraField('customfield_10200', 'x'.repeat(1_000), '00001001', 'long').length, 1_000);
    assert.equal(fitJiraField('customfield_10200', text, '00001001', 'long').length, JIRA_TEXT_MAX_CHARS);
    assert.equal(fitJiraField('customfield_10200', text, '00001001', 'line').length, JIRA_SINGLE_LINE_MAX_CHARS);
    assert.equal(fitJiraField('customfield_10200', text, '00001001').length, JIRA_SINGLE_LINE_MAX_CHARS, 'unknown type: the smaller limit');
  });

  it('learns which custom fields are multi-line from their Jira type at start', () => {
    const sync = givenSyncConfig();
    const files = {
      sync: {
        ...sync,
        fields: [
          { salesforce: 'Description', jira: 'Repro Steps', direction: 'toJira' as const },
          { salesforce: 'Subject', jira: 'Short Note', direction: 'toJira' as const },
        ],
      },
    };
    const resolved = resolveConfiguredJiraFields(files, [
      { id: 'customfield_10300', name: 'Repro Steps', custom: true, schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' } },
      { id: 'customfield_10301', name: 'Short Note', custom: true, schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
    ]);
    assert.ok(resolved.ok);
    if (!resolved.ok) return;
    assert.deepEqual(
      resolved.files.sync?.fields.map((f) => [f.jira, f.jiraText]),
      [
        ['customfield_10300', 'long'],
        ['customfield_10301', 'line'],
      ],
    );
  });
});

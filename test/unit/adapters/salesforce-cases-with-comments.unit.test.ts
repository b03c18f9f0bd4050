/** Cases read with their CaseComments subquery: the REST answer's nested shape, turned into records. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as soqlParserModule from 'soql-parser-js';
import { buildCasesWithCommentsByIdQuery } from '../../../src/adapters/salesforce/soql.js';
import { toCasesWithComments } from '../../../src/adapters/salesforce/records.js';
import type { RestRecord } from '../../../src/adapters/salesforce/records.js';

const soqlParser = ((soqlParserModule as unknown as { default?: typeof soqlParserModule }).default ?? soqlParserModule) as typeof soqlParserModule;
const answer = JSON.parse(readFileSync('test/fixtures/salesforce/cases-with-comments.json', 'utf8')) as { records: RestRecord[] };

describe('Salesforce cases with their comments (CaseComments subquery)', () => {
  it('builds one valid query with the subquery on the CaseComments relationship, oldest comment first', () => {
    const soql = buildCasesWithCommentsByIdQuery(['500000000000001AAA', '500000000000002AAA'], ['Subject', 'Jira_Key__c']);
    assert.ok(soqlParser.isQueryValid(soql), soql);
    const query = soqlParser.parseQuery(soql);
    const subquery = query.fields?.find((f) => f.type === 'FieldSubquery');
    assert.ok(subquery && subquery.type === 'FieldSubquery', soql);
    assert.equal(subquery.subquery.relationshipName, 'CaseComments');
    assert.match(soql, /FROM CaseComments ORDER BY CreatedDate ASC, Id ASC\)/);
    assert.match(soql, /WHERE Id IN \('500000000000001AAA', '500000000000002AAA'\)/);
  });

  it('reads nested comments, takes null as no comments, and names a case whose comments did not all come', () => {
    const read = toCasesWithComments(answer.records, ['Subject']);
    assert.deepEqual(
      read.cases.map((c) => [c.id, c.fields.Subject]),
      [
        ['500000000000001AAA', 'Driver never arrived'],
        ['500000000000002AAA', 'Charged twice'],
        ['500000000000003AAA', 'Many comments'],
      ],
    );
    assert.deepEqual(
      read.comments.map((c) => [c.id, c.caseId, c.isPublished, c.createdAt]),
      [
        ['00a000000000001AAA', '500000000000001AAA', true, '2026-11-30T10:00:00.000Z'],
        ['00a000000000002AAA', '500000000000001AAA', false, '2026-11-30T10:05:00.000Z'],
      ],
    );
    // The partial one's first comments are not returned: its comments are to be listed whole, apart.
    assert.deepEqual(read.incomplete, ['500000000000003AAA']);
  });
});

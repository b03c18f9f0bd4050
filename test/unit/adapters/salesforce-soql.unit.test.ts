import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as soqlParserModule from 'soql-parser-js';
import { buildCasesByIdQuery, buildChangedCasesQuery, buildCommentsQuery, buildEqualsCondition, formatSoqlDateTime, quoteSoqlString } from '../../../src/adapters/salesforce/soql.js';
import { fromSalesforceError } from '../../../src/adapters/salesforce/errors.js';
import { toWriteOutcome, readFieldPath } from '../../../src/adapters/salesforce/records.js';
import { ApiError, InvalidInputError, isRateLimitError } from '../../../src/errors.js';

// soql-parser-js is CommonJS: depending on the loader its functions sit on the namespace or on `default`.
const soqlParser = ((soqlParserModule as unknown as { default?: typeof soqlParserModule }).default ?? soqlParserModule) as typeof soqlParserModule;
const { isQueryValid, parseQuery } = soqlParser;

/** Reads a SOQL literal back, per the documented escape table (the reference the builder must satisfy). */
function unquote(literal: string): string {
  assert.ok(literal.startsWith("'") && literal.endsWith("'"), `not a quoted literal: ${literal}`);
  const table: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\' };
  let out = '';
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch === "'") assert.fail(`unescaped quote inside literal ${literal}`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body.charAt(++i);
    if (next === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
      continue;
    }
    const resolved = table[next];
    if (resolved === undefined) assert.fail(`illegal escape \\${next} in ${literal}`);
    out += resolved;
  }
  return out;
}

const ID_A = '500Dn000000001aAAA';
const ID_B = '500Dn000000002b';

describe('SOQL building', () => {
  it('quotes any string so that it reads back exactly and stays one literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom("'", '\\', '"', '\n', '\u2028', "' OR Id != null --", "\\'"), (text, nasty) => {
        const value = text + nasty + text;
        const condition = buildEqualsCondition('Subject', value);
        const where = parseQuery(`SELECT Id FROM Case WHERE ${condition}`).where as { left: { value: string; operator: string }; right?: unknown };
        assert.equal(where.right, undefined, 'a hostile value must not add conditions');
        assert.equal(unquote(where.left.value), value);
      }),
      { numRuns: 1000 },
    );
  });

  it('escapes the documented reserved characters', () => {
    assert.equal(quoteSoqlString(`a'b\\c"d\ne\rf\tg`), `'a\\'b\\\\c\\"d\\ne\\rf\\tg'`);
    assert.equal(quoteSoqlString('נהג 🚕 Водитель'), `'נהג 🚕 Водитель'`);
  });

  it('builds the changed-cases query with a second-precision datetime floor and a stable order', () => {
    const soql = buildChangedCasesQuery(new Date('2026-03-01T10:20:30.789Z'), ['Subject', 'Account.Tier__c', 'id']);
    assert.equal(soql, 'SELECT Subject, Account.Tier__c, id, SystemModstamp, LastModifiedById FROM Case WHERE SystemModstamp >= 2026-03-01T10:20:30Z ORDER BY SystemModstamp ASC, Id ASC');
    assert.ok(isQueryValid(soql));
  });

  it('builds id lists from validated ids only', () => {
    assert.equal(buildCasesByIdQuery([ID_A, ID_B], ['Subject']), `SELECT Subject, Id, SystemModstamp, LastModifiedById FROM Case WHERE Id IN ('${ID_A}', '${ID_B}') ORDER BY Id ASC`);
    assert.throws(
      () => buildCasesByIdQuery([ID_A, "500' OR Id != null"], ['Subject']),
      (e: unknown) => e instanceof InvalidInputError && /not a 15- or 18-character/.test(e.message),
    );
    assert.throws(() => buildCommentsQuery(['500Dn00000000']), InvalidInputError);
    assert.throws(() => buildCasesByIdQuery([ID_A], ['Subject FROM User --']), /not a Salesforce field API name/);
    assert.throws(() => formatSoqlDateTime(new Date('nope')), InvalidInputError);
  });

  it('writes booleans, numbers and null as SOQL literals', () => {
    assert.equal(buildEqualsCondition('Escalate_to_Jira__c', true), 'Escalate_to_Jira__c = TRUE');
    assert.equal(buildEqualsCondition('Jira_Key__c', null), 'Jira_Key__c = null');
    assert.throws(() => buildEqualsCondition('X__c', Number.NaN), InvalidInputError);
  });
});

describe('Salesforce records and errors', () => {
  it('reads relationship paths case-insensitively and null through missing relationships', () => {
    const record = { Id: ID_A, Account: { attributes: {}, Tier__c: 'VIP' }, Contact: null };
    assert.equal(readFieldPath(record, 'account.tier__c'), 'VIP');
    assert.equal(readFieldPath(record, 'Contact.Email'), null);
  });

  it('maps per-record save errors to outcomes', () => {
    assert.deepEqual(toWriteOutcome({ id: ID_A, success: true, errors: [] }), { ok: true, value: { id: ID_A } });
    assert.deepEqual(toWriteOutcome({ success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Jira Key must look like PROJ-123', fields: ['Jira_Key__c'] }] }), {
      ok: false,
      error: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Jira Key must look like PROJ-123', fields: ['Jira_Key__c'] },
    });
  });

  it('classifies REST error codes, HTTP fallbacks and dropped connections', () => {
    const api = (errorCode: string, message = 'x') => Object.assign(new Error(message), { name: errorCode, errorCode, data: { errorCode, message } });
    const limit = fromSalesforceError(api('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    assert.ok(limit instanceof ApiError && isRateLimitError(limit) && limit.transient && limit.status === 403 && limit.system === 'salesforce');
    const malformed = fromSalesforceError(api('MALFORMED_QUERY'));
    assert.ok(!malformed.transient && malformed.status === 400 && malformed.code === 'MALFORMED_QUERY');
    const session = fromSalesforceError(api('INVALID_SESSION_ID'));
    assert.equal(session.status, 401);
    const http503 = fromSalesforceError(api('ERROR_HTTP_503', 'Service Unavailable'));
    assert.ok(http503.transient && http503.status === 503);
    const reset = fromSalesforceError(Object.assign(new Error('request to http://127.0.0.1/x failed, reason: socket hang up'), { name: 'FetchError', code: 'ECONNRESET', type: 'system' }));
    assert.ok(reset.transient && reset.status === 0 && reset.code === 'ECONNRESET');
    const several = fromSalesforceError(Object.assign(new Error('Multiple errors'), { errorCode: 'MULTIPLE_API_ERRORS', data: [{ errorCode: 'SERVER_UNAVAILABLE' }, { errorCode: 'X' }] }));
    assert.ok(several.transient && several.code === 'SERVER_UNAVAILABLE');
    const oauth = fromSalesforceError(Object.assign(new Error('authentication failure'), { name: 'invalid_grant' }));
    assert.ok(!oauth.transient && oauth.code === 'OAUTH_INVALID_GRANT');
    assert.equal(fromSalesforceError(limit), limit);
  });
});

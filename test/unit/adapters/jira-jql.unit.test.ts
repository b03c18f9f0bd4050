import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKeysJql, buildLabelsJql, buildUpdatedJql, formatJqlDateTime, isIssueKey, quoteJqlString } from '../../../src/adapters/jira/jql.js';
import { fromJiraError, parseRetryAfterMs } from '../../../src/adapters/jira/errors.js';
import { toCreateOutcomes, toCreateFields, toIssueRecord } from '../../../src/adapters/jira/issues.js';
import { ApiError, InvalidInputError, isRateLimitError } from '../../../src/errors.js';

/** Reads a double-quoted JQL literal back (the reference the builder must satisfy). */
function unquote(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"'), literal);
  const table: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\' };
  let out = '';
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch === '"') assert.fail(`unescaped quote in ${literal}`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const resolved = table[body.charAt(++i)];
    if (resolved === undefined) assert.fail(`illegal escape in ${literal}`);
    out += resolved;
  }
  return out;
}

/** An axios-like error with a response, wrapped the way jira.js 5 wraps it (HttpException with `cause`). */
function givenHttpException(status: number, data: unknown, headers: Record<string, string> = {}): Error {
  const axiosError = Object.assign(new Error(`Request failed with status code ${status}`), { isAxiosError: true, response: { status, data, headers } });
  return Object.assign(new Error(`Request failed with status code ${status}`), { name: 'HttpException', status, response: { status, data }, cause: axiosError });
}

describe('JQL building', () => {
  it('quotes any string so that it reads back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('"', '\\', "'", '\n', '" OR project = PAY OR labels = "', '\\"'), (text, nasty) => {
        const value = `${text}${nasty}${text}`;
        assert.equal(unquote(quoteJqlString(value)), value);
      }),
      { numRuns: 1000 },
    );
  });

  it('builds key, label and updated-since queries from checked keys', () => {
    assert.equal(buildKeysJql(['DRV-1', 'PAY_2-30']), 'key in ("DRV-1", "PAY_2-30") ORDER BY key ASC');
    assert.throws(() => buildKeysJql(['DRV-1', 'DRV-1) OR key in (PAY-1']), InvalidInputError);
    assert.equal(buildLabelsJql(['sfcase-500Dn0000000001AAA', 'a"b']), 'labels in ("sfcase-500Dn0000000001AAA", "a\\"b") ORDER BY key ASC');
    assert.equal(buildUpdatedJql(new Date('2026-11-26T10:15:59.999Z'), ['DRV', 'PAY']), 'project in ("DRV", "PAY") AND updated >= "2026-11-26 10:15" ORDER BY updated ASC, key ASC');
    assert.throws(() => buildUpdatedJql(new Date(), ['drv']), /not a Jira project key/);
    assert.throws(() => buildUpdatedJql(new Date(), []), InvalidInputError);
    assert.equal(isIssueKey('DRV-0'), false);
    assert.equal(isIssueKey('../myself'), false);
  });

  it('writes JQL dates in the API user time zone, an hour early outside UTC (DST folds)', () => {
    const instant = new Date('2026-07-01T12:34:56Z');
    assert.equal(formatJqlDateTime(instant), '"2026-07-01 12:34"');
    // Jerusalem is UTC+3 in July; minus the safety hour: 14:34.
    assert.equal(formatJqlDateTime(instant, 'Asia/Jerusalem'), '"2026-07-01 14:34"');
    assert.equal(formatJqlDateTime(new Date('2026-12-31T23:30:00Z'), 'Europe/Moscow'), '"2027-01-01 01:30"');
    assert.throws(() => formatJqlDateTime(new Date(Number.NaN)), InvalidInputError);
  });
});

describe('Jira errors and shapes', () => {
  it('maps a 429 with Retry-After seconds or an HTTP date to a rate-limit ApiError', () => {
    const nowMs = Date.parse('2026-11-26T10:00:00Z');
    const seconds = fromJiraError(givenHttpException(429, { errorMessages: ['Rate limit exceeded'] }, { 'retry-after': '12' }), nowMs);
    assert.ok(seconds instanceof ApiError && isRateLimitError(seconds) && seconds.transient);
    assert.equal(seconds.retryAfterMs, 12_000);
    assert.match(seconds.message, /Rate limit exceeded/);
    const date = fromJiraError(givenHttpException(503, {}, { 'retry-after': 'Thu, 26 Nov 2026 10:00:30 GMT' }), nowMs);
    assert.equal(date.retryAfterMs, 30_000);
    assert.equal(parseRetryAfterMs('soon'), undefined);
  });

  it('classifies 4xx as permanent, 5xx and missing answers as transient', () => {
    const notFound = fromJiraError(givenHttpException(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] }));
    assert.ok(!notFound.transient && notFound.code === 'NOT_FOUND' && notFound.status === 404);
    const invalid = fromJiraError(givenHttpException(400, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } }));
    assert.match(invalid.message, /summary: You must specify a summary/);
    assert.ok(fromJiraError(givenHttpException(502, 'Bad gateway')).transient);
    const reset = fromJiraError(Object.assign(new Error('socket hang up'), { isAxiosError: true, code: 'ECONNRESET' }));
    assert.ok(reset.transient && reset.status === 0 && reset.code === 'ECONNRESET');
    const timeout = fromJiraError(Object.assign(new Error('timeout of 60000ms exceeded'), { isAxiosError: true, code: 'ECONNABORTED' }));
    assert.ok(timeout.transient && timeout.status === 0);
    const bug = fromJiraError(new TypeError('x is not a function'));
    assert.ok(!bug.transient && bug.code === 'UNEXPECTED');
  });

  it('maps bulk-create answers to outcomes by failedElementNumber', () => {
    const outcomes = toCreateOutcomes(4, {
      issues: [
        { id: '1', key: 'DRV-1' },
        { id: '2', key: 'DRV-2' },
      ],
      errors: [
        { status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { issuetype: 'Specify a valid issue type' } } },
        { status: 400, failedElementNumber: 3, elementErrors: { errorMessages: ['Project NOPE does not exist'] } },
      ],
    });
    assert.deepEqual(outcomes, [
      { ok: true, value: { id: '1', key: 'DRV-1' } },
      { ok: false, error: { code: 'REJECTED', message: 'issuetype: Specify a valid issue type', fields: ['issuetype'] } },
      { ok: true, value: { id: '2', key: 'DRV-2' } },
      { ok: false, error: { code: 'REJECTED', message: 'Project NOPE does not exist' } },
    ]);
  });

  it('builds create fields with the case label once, and reads issues with absent optional fields', () => {
    const fields = toCreateFields(
      { caseId: '500X', projectKey: 'PAY', issueType: 'Bug', summary: 's', description: '', labels: ['sfcase-500X'], components: [], fields: { customfield_10032: '00001234' } },
      'sfcase-500X',
    );
    assert.deepEqual(fields, { customfield_10032: '00001234', project: { key: 'PAY' }, issuetype: { name: 'Bug' }, summary: 's', labels: ['sfcase-500X'] });
    const record = toIssueRecord(
      { id: '7', key: 'PAY-7', fields: { summary: 's', status: { name: 'Done' }, updated: '2026-11-26T10:00:00.000+0200', customfield_10031: 'VIP' } },
      (k) => `https://x/browse/${k}`,
    );
    assert.equal(record.updated, '2026-11-26T08:00:00.000Z');
    assert.deepEqual([record.projectKey, record.priority, record.assignee, record.description, record.fields], ['PAY', null, null, '', { customfield_10031: 'VIP' }]);
  });
});

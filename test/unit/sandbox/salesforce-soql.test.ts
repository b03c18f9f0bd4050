/**
 * The SOQL engine of the Salesforce emulator without HTTP: literal escapes round-trip for any
 * string (property-based), LIKE wildcards and escapes, date literal ranges, and precedence rules.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runSoqlQuery, type QuerySource } from '../../../src/sandbox/salesforce/soql/execute.js';
import { resolveDateLiteral } from '../../../src/sandbox/salesforce/soql/date-literals.js';
import { toLikeRegExp, unquoteSoqlString } from '../../../src/sandbox/salesforce/soql/literals.js';
import { makeSalesforceId } from '../../../src/sandbox/salesforce/ids.js';
import type { SfRecord } from '../../../src/sandbox/salesforce/validate.js';

const NOW_MS = Date.parse('2026-06-17T15:00:00.000Z');

function givenCases(subjects: string[]): QuerySource {
  const rows: SfRecord[] = subjects.map((Subject, i) => ({
    Id: makeSalesforceId('500', i + 1),
    Subject,
    IsDeleted: false,
    Status: 'New',
    CreatedDate: NOW_MS - i * 86_400_000,
  }));
  return {
    list: (sObject) => (sObject === 'Case' ? rows : []),
    get: (sObject, id) => (sObject === 'Case' ? rows.find((r) => r.Id === id) : undefined),
  };
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

function subjectsWhere(source: QuerySource, where: string): string[] {
  const outcome = runSoqlQuery(`SELECT Subject FROM Case WHERE ${where}`, { source, nowMs: NOW_MS, includeDeleted: false, apiVersion: '62.0' });
  return outcome.records.map((r) => r.Subject as string);
}

describe('sandbox SOQL engine', () => {
  it('round-trips any string through an escaped literal and finds exactly that record', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 10 }), (value, other) => {
        fc.pre(value.toLowerCase() !== other.toLowerCase());
        assert.equal(unquoteSoqlString(quote(value)), value);
        assert.deepEqual(subjectsWhere(givenCases([value, other]), `Subject = ${quote(value)}`), [value]);
        // Only ' and \ must be escaped; any other character may appear raw, line breaks included.
        const minimal = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        assert.deepEqual(subjectsWhere(givenCases([value, other]), `Subject = ${minimal}`), [value]);
      }),
      { numRuns: 500 },
    );
  });

  it('reads \\uXXXX escapes and raw line separators inside literals', () => {
    assert.deepEqual(subjectsWhere(givenCases(['café', 'cafe']), "Subject = 'caf\\u00e9'"), ['café']);
    assert.deepEqual(subjectsWhere(givenCases(['a\u2028b', 'ab']), "Subject = 'a\u2028b'"), ['a\u2028b']);
    assert.deepEqual(subjectsWhere(givenCases(['line\nbreak', 'x']), "Subject LIKE 'line\n%'"), ['line\nbreak']);
    assert.throws(() => subjectsWhere(givenCases(['x']), "Subject = 'bad \\u12'"), /MALFORMED_QUERY/);
  });

  it('treats % and _ as wildcards in LIKE unless escaped, case-insensitively', () => {
    assert.ok(toLikeRegExp("'50\\% off%'").test('50% off today'));
    assert.ok(!toLikeRegExp("'50\\% off%'").test('500 off today'));
    assert.ok(toLikeRegExp("'a_c'").test('ABC'));
    assert.ok(!toLikeRegExp("'a\\_c'").test('abc'));
    assert.ok(toLikeRegExp("'%🚕%'").test('taxi 🚕 ride'));
    assert.ok(toLikeRegExp("'_'").test('🚕'), 'one character, not one UTF-16 unit');
    assert.deepEqual(subjectsWhere(givenCases(['שלום עולם', 'hello']), "Subject LIKE 'שלום%'"), ['שלום עולם']);
  });

  it('resolves date literals to UTC day ranges', () => {
    const today = Date.parse('2026-06-17T00:00:00Z');
    assert.deepEqual(resolveDateLiteral('TODAY', NOW_MS), { startMs: today, endMs: today + 86_400_000, endsToday: false });
    assert.equal(resolveDateLiteral('LAST_N_DAYS:3', NOW_MS).startMs, today - 3 * 86_400_000);
    assert.equal(resolveDateLiteral('THIS_MONTH', NOW_MS).startMs, Date.parse('2026-06-01T00:00:00Z'));
    assert.equal(resolveDateLiteral('LAST_MONTH', NOW_MS).startMs, Date.parse('2026-05-01T00:00:00Z'));
    const source = givenCases(['d0', 'd1', 'd2', 'd3', 'd4']);
    assert.deepEqual(subjectsWhere(source, 'CreatedDate = LAST_N_DAYS:2'), ['d0', 'd1', 'd2']);
    assert.deepEqual(subjectsWhere(source, 'CreatedDate < LAST_N_DAYS:2'), ['d3', 'd4']);
    assert.deepEqual(subjectsWhere(source, 'CreatedDate = YESTERDAY'), ['d1']);
  });

  it('applies NOT to the next condition only and requires parentheses to mix AND with OR', () => {
    const source = givenCases(['a', 'b', 'c']);
    assert.deepEqual(subjectsWhere(source, "NOT Subject = 'a' AND Subject != 'c'"), ['b']);
    assert.deepEqual(subjectsWhere(source, "NOT (Subject = 'a' OR Subject = 'c')"), ['b']);
    assert.deepEqual(subjectsWhere(source, "(Subject = 'a' OR Subject = 'b') AND NOT Subject IN ('b')"), ['a']);
    assert.throws(() => subjectsWhere(source, "Subject = 'a' OR Subject = 'b' AND Subject = 'c'"), /MALFORMED_QUERY/);
  });
});

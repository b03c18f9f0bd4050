import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { parseInstantOption, parsePort, parsePublicUrl } from '../../../src/cli/option-values.js';

const problemOf = (text: string) => {
  const parsed = parseInstantOption('--since', text, '2026-01-01');
  assert.equal(parsed.ok, false, `"${text}" was accepted`);
  return parsed.ok ? '' : parsed.problem;
};

describe('CLI option values', () => {
  it('takes a date (midnight UTC) or a date-time with its zone', () => {
    assert.deepEqual(parseInstantOption('--since', '2026-01-01', '2026-01-01'), { ok: true, ms: Date.UTC(2026, 0, 1) });
    assert.deepEqual(parseInstantOption('--since', '2026-01-01T10:30+02:00', '2026-01-01'), { ok: true, ms: Date.UTC(2026, 0, 1, 8, 30) });
    assert.deepEqual(parseInstantOption('--since', '2024-02-29T00:00:00.250Z', '2026-01-01'), { ok: true, ms: Date.UTC(2024, 1, 29, 0, 0, 0, 250) });
  });

  it('refuses what Date.parse would guess at, naming the option, the text and the shapes expected', () => {
    assert.equal(problemOf('01/02/2026'), '--since "01/02/2026" is not an ISO-8601 date or date-time with a zone, such as 2026-01-01 or 2026-01-01T00:00:00Z');
    // Date.parse reads these as 2 March, and as the local clock's midnight.
    for (const text of ['2026-02-30', '2026-01-01T00:00', '2026-01-01 00:00Z', 'yesterday', '']) assert.match(problemOf(text), /is not an ISO-8601 date or date-time with a zone/);
  });

  it('takes a port from 0 to 65535 and says so otherwise', () => {
    assert.equal(parsePort('0'), 0);
    assert.equal(parsePort('8080'), 8080);
    for (const text of ['abc', '-1', '70000', '80.5', '']) {
      assert.throws(
        () => parsePort(text),
        (error: Error) => error instanceof InvalidArgumentError && error.message === 'Expected a whole number from 0 to 65535 (0 picks a free port).',
        text,
      );
    }
  });

  it('takes an http(s) public URL that /webhooks/jira can be appended to', () => {
    assert.equal(parsePublicUrl('https://casebridge.acme.example/base'), 'https://casebridge.acme.example/base');
    assert.throws(() => parsePublicUrl('casebridge.acme.example'), /Expected the absolute URL Jira reaches this deployment at/);
    assert.throws(() => parsePublicUrl('ftp://casebridge.acme.example'), /Expected an http:\/\/ or https:\/\/ URL/);
    assert.throws(() => parsePublicUrl('https://casebridge.acme.example/?a=1'), /without a query or fragment/);
  });
});

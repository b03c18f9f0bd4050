import assert from 'node:assert/strict';
import { fromJiraError, parseRateLimitResetMs } from '../../../src/adapters/jira/errors.js';

/** An axios-shaped error as jira.js throws it when Jira answered. */
function answered(status: number, headers: Record<string, string>) {
  return Object.assign(new Error(`Request failed with status code ${status}`), { isAxiosError: true, response: { status, data: { errorMessages: ['Rate limit exceeded.'] }, headers } });
}

describe('Jira rate-limit headers', () => {
  const nowMs = Date.parse('2026-12-02T03:39:15Z');

  it('waits until X-RateLimit-Reset when a 429 has no Retry-After', () => {
    const error = fromJiraError(answered(429, { 'x-ratelimit-reset': '2026-12-02T03:40Z' }), nowMs);
    assert.equal(error.code, 'RATE_LIMITED');
    assert.equal(error.retryAfterMs, 45_000);
  });

  it('prefers Retry-After when both are there', () => {
    const error = fromJiraError(answered(429, { 'retry-after': '2', 'x-ratelimit-reset': '2026-12-02T03:40Z' }), nowMs);
    assert.equal(error.retryAfterMs, 2000);
  });

  it('reads a reset instant already past as no wait, and ignores values that are not instants', () => {
    assert.equal(parseRateLimitResetMs('2026-12-02T03:39Z', nowMs), 0);
    assert.equal(parseRateLimitResetMs('120', nowMs), undefined);
    assert.equal(parseRateLimitResetMs('soon', nowMs), undefined);
    assert.equal(fromJiraError(answered(429, {}), nowMs).retryAfterMs, undefined);
  });
});

/** Reading API budgets from response headers: Salesforce `Sforce-Limit-Info`, Jira `X-RateLimit-*`. */
import assert from 'node:assert/strict';
import { parseSforceLimitInfo, readJiraUsage, readSalesforceUsage } from '../../../src/adapters/api-usage/headers.js';

describe('API usage headers', () => {
  describe('Salesforce Sforce-Limit-Info', () => {
    it('reads api-usage=N/M, alone or with the other entries Salesforce adds', () => {
      assert.deepEqual(parseSforceLimitInfo('api-usage=18/5000'), { used: 18, limit: 5000 });
      assert.deepEqual(parseSforceLimitInfo('api-usage=10018/100000; api-bursts=1/750'), { used: 10018, limit: 100000 });
      assert.deepEqual(parseSforceLimitInfo('per-app-api-usage=17/250(appName=sample-connected-app); api-usage=25/5000'), { used: 25, limit: 5000 });
    });

    it('ignores what is not the api-usage entry or is malformed', () => {
      assert.equal(parseSforceLimitInfo(undefined), undefined);
      assert.equal(parseSforceLimitInfo('api-bursts=1/750'), undefined);
      assert.equal(parseSforceLimitInfo('api-usage=18'), undefined);
      assert.equal(parseSforceLimitInfo('api-usage=-1/5000'), undefined);
      assert.equal(parseSforceLimitInfo('api-usage=a/b'), undefined);
    });

    it('marks a REQUEST_LIMIT_EXCEEDED refusal as throttled, with the usage it carried', () => {
      const body = '[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]';
      assert.deepEqual(readSalesforceUsage({ 'sforce-limit-info': 'api-usage=5001/5000' }, 403, body), { dailyUsed: 5001, dailyLimit: 5000, throttled: true });
      assert.deepEqual(readSalesforceUsage({ 'sforce-limit-info': 'api-usage=7/5000' }, 200), { dailyUsed: 7, dailyLimit: 5000, throttled: false });
      // A 403 for another reason (permissions) is no rate limit.
      assert.equal(readSalesforceUsage({}, 403, '[{"errorCode":"INSUFFICIENT_ACCESS"}]'), undefined);
    });
  });

  describe('Jira rate-limit headers', () => {
    const nowMs = Date.parse('2026-12-02T07:00:10Z');

    it('reads the window, the reset instant and Retry-After of a 429', () => {
      const sample = readJiraUsage(
        { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-12-02T07:01Z', 'retry-after': '5', 'ratelimit-reason': 'jira-burst-based' },
        429,
        nowMs,
      );
      assert.deepEqual(sample, { windowLimit: 100, windowRemaining: 0, windowResetAtMs: Date.parse('2026-12-02T07:01Z'), retryAfterMs: 5000, throttled: true });
    });

    it('takes the wait from X-RateLimit-Reset when a 429 has no Retry-After, and keeps a reset already past as it is', () => {
      assert.equal(readJiraUsage({ 'x-ratelimit-reset': '2026-12-02T07:01Z' }, 429, nowMs)?.retryAfterMs, 50_000);
      const past = readJiraUsage({ 'x-ratelimit-reset': '2026-12-02T07:00Z' }, 429, nowMs);
      assert.equal(past?.windowResetAtMs, Date.parse('2026-12-02T07:00Z'));
      assert.equal(past?.retryAfterMs, 0);
    });

    it('reads NearLimit on a successful answer, and lists as header arrays', () => {
      assert.deepEqual(readJiraUsage({ 'x-ratelimit-nearlimit': 'true', 'x-ratelimit-remaining': ['12'] }, 200, nowMs), { windowRemaining: 12, nearLimit: true, throttled: false });
    });

    it('says nothing about an answer without any of the headers, and refuses garbage numbers', () => {
      assert.equal(readJiraUsage({ 'content-type': 'application/json' }, 200, nowMs), undefined);
      assert.equal(readJiraUsage({ 'x-ratelimit-limit': 'lots' }, 200, nowMs), undefined);
      assert.deepEqual(readJiraUsage({}, 429, nowMs), { throttled: true });
    });
  });
});

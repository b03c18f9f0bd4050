import assert from 'node:assert/strict';
import { backoffMs, createRequestRetry, withRetry, withWaitBudget } from '../../../src/engine/retry.js';
import type { RetryPolicy } from '../../../src/engine/retry.js';
import { ApiError } from '../../../src/errors.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

function givenApiError(status: number, options: { retryAfterMs?: number; code?: string } = {}): ApiError {
  return new ApiError({
    system: 'jira',
    code: options.code ?? `HTTP_${status}`,
    message: `HTTP ${status}`,
    status,
    transient: status === 0 || status === 429 || status >= 500,
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
  });
}

/** A request that fails with these errors in turn, then answers 'done'; counts its sends. */
function givenRequest(...failures: unknown[]): { send: () => Promise<string>; sends: () => number } {
  let sends = 0;
  return {
    send: async () => {
      const failure = failures[sends++];
      if (failure !== undefined) throw failure;
      return 'done';
    },
    sends: () => sends,
  };
}

describe('retry (one request at a time)', () => {
  let waits: number[];
  const hooks = () => ({ sleep: async (ms: number) => void waits.push(ms), random: () => 1 });
  beforeEach(() => {
    waits = [];
  });

  it('never waits less than Retry-After, even when the backoff is shorter', async () => {
    const request = givenRequest(givenApiError(429, { retryAfterMs: 2_500 }), givenApiError(429, { retryAfterMs: 1_200 }));
    assert.equal(await withRetry('op', request.send, policy, { ...hooks(), idempotent: false }), 'done');
    assert.deepEqual(waits, [2_500, 1_200]);
    assert.equal(request.sends(), 3);
  });

  it('backs off exponentially with full jitter under maxDelayMs when no Retry-After came', () => {
    assert.equal(
      backoffMs(1, policy, () => 1),
      100,
    );
    assert.equal(
      backoffMs(3, policy, () => 1),
      400,
    );
    assert.equal(
      backoffMs(10, policy, () => 1),
      1_000,
      'capped',
    );
    assert.equal(
      backoffMs(3, policy, () => 0.5),
      200,
      'jittered',
    );
    assert.equal(
      backoffMs(3, policy, () => 0, 700),
      700,
      'Retry-After is a floor',
    );
  });

  it('retries an idempotent request on any transient failure (5xx, reset), and a write only on rate limits', async () => {
    const read = givenRequest(givenApiError(503), givenApiError(0));
    assert.equal(await withRetry('read', read.send, policy, { ...hooks(), idempotent: true }), 'done');
    assert.equal(read.sends(), 3);

    const write = givenRequest(givenApiError(503));
    await assert.rejects(withRetry('write', write.send, policy, { ...hooks(), idempotent: false }), (e: unknown) => e instanceof ApiError && e.status === 503);
    assert.equal(write.sends(), 1, 'a write that may have arrived is never sent again');

    const reset = givenRequest(givenApiError(0));
    await assert.rejects(withRetry('write', reset.send, policy, { ...hooks(), idempotent: false }));
    assert.equal(reset.sends(), 1);

    const limited = givenRequest(givenApiError(403, { code: 'REQUEST_LIMIT_EXCEEDED' }));
    // Salesforce's spent daily allowance is a rate limit too (403 REQUEST_LIMIT_EXCEEDED).
    await withRetry('write', limited.send, policy, { ...hooks(), idempotent: false });
    assert.equal(limited.sends(), 2);
  });

  it('gives up after maxAttempts sends, and at once on a permanent failure', async () => {
    const always = givenRequest(...Array.from({ length: 10 }, () => givenApiError(429)));
    await assert.rejects(withRetry('op', always.send, policy, { ...hooks(), idempotent: true }), (e: unknown) => e instanceof ApiError && e.status === 429);
    assert.equal(always.sends(), policy.maxAttempts);
    assert.equal(waits.length, policy.maxAttempts - 1);

    const refused = givenRequest(givenApiError(400));
    await assert.rejects(withRetry('op', refused.send, policy, { ...hooks(), idempotent: true }));
    assert.equal(refused.sends(), 1);
    const bug = givenRequest(new TypeError('not an API failure'));
    await assert.rejects(withRetry('op', bug.send, policy, { ...hooks(), idempotent: true }), TypeError);
    assert.equal(bug.sends(), 1);
  });

  it('does not hold a Retry-After longer than maxWaitMs: the error goes back for the work to be kept for later', async () => {
    const request = givenRequest(givenApiError(429, { retryAfterMs: 120_000 }));
    await assert.rejects(withRetry('op', request.send, policy, { ...hooks(), maxWaitMs: 30_000, idempotent: false }), (e: unknown) => e instanceof ApiError && e.retryAfterMs === 120_000);
    assert.deepEqual(waits, []);
    assert.equal(request.sends(), 1);
  });

  it('shares one wait budget across the requests of a pass', async () => {
    const retry = createRequestRetry({ maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 10 }, hooks());
    const first = givenRequest(givenApiError(429, { retryAfterMs: 3_000 }), givenApiError(429, { retryAfterMs: 3_000 }));
    const second = givenRequest(givenApiError(429, { retryAfterMs: 3_000 }));
    await withWaitBudget(7_000, async () => {
      assert.equal(await retry('first', first.send, { idempotent: false }), 'done');
      // 6 s of the 7 s spent: a third 3 s wait would outlast the budget.
      await assert.rejects(retry('second', second.send, { idempotent: false }), (e: unknown) => e instanceof ApiError && e.status === 429);
    });
    assert.deepEqual(waits, [3_000, 3_000]);
    assert.equal(second.sends(), 1);
  });

  it('reports each wait to onRetry with the operation and the error', async () => {
    const seen: Array<{ operation: string; attempt: number; waitMs: number }> = [];
    const retry = createRequestRetry(policy, { ...hooks(), onRetry: ({ operation, attempt, waitMs }) => seen.push({ operation, attempt, waitMs }) });
    const request = givenRequest(givenApiError(429, { retryAfterMs: 1_000 }));
    await retry('jira.createIssues', request.send, { idempotent: false });
    assert.deepEqual(seen, [{ operation: 'jira.createIssues', attempt: 1, waitMs: 1_000 }]);
  });
});

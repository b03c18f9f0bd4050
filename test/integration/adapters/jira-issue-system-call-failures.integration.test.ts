/**
 * Whole-call failures of the Jira adapter against the sandbox: a 429 as a rate limit with
 * retryAfterMs; a 503 on bulk create and a dropped comment as outcome unknown, sent once; a
 * rate-limited bulk request retried alone after Retry-After, or refused for now with no later chunk
 * sent; a 500 on a transition lookup as transient, and a bad key refused before any call.
 */
import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/sandbox/server.js';
import { createJiraIssueSystem } from '../../../src/adapters/jira/index.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import { ApiError, InvalidInputError, isRateLimitError } from '../../../src/errors.js';
import { createRequestRetry } from '../../../src/engine/retry.js';
import { getStats, putFaults } from './adapter-test-helpers.js';
import { BULK, CASE_NUMBER, CUSTOMER_TIER, givenDraft, useJiraAdapterRig } from './jira-issue-system-rig.js';

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return error;
}

describe('Jira adapter against the sandbox (jira.js over loopback): call failures', function () {
  const rig = useJiraAdapterRig();
  let running: RunningSandbox;
  let issues: IssueSystem;
  /** The same adapter with a request retry of 3 attempts whose waits are recorded, not slept. */
  let retrying: IssueSystem;
  let waits: number[] = [];

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ running, issues } = rig);
    const retry = createRequestRetry({ maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 }, { sleep: async (ms) => void waits.push(ms) });
    retrying = createJiraIssueSystem({ client: rig.client, baseUrl: running.url, extraFields: [CUSTOMER_TIER, CASE_NUMBER], retry });
  });
  beforeEach(() => {
    waits = [];
  });

  describe('whole-call failures', () => {
    it('maps a 429 with Retry-After to a transient rate-limit ApiError with retryAfterMs', async () => {
      await putFaults(running.url, { rules: [{ system: 'jira', route: 'POST /rest/api/3/search/jql', errorRate: 1, status: 429, retryAfterSeconds: 3 }] });
      const error = await failureOf(issues.getIssues(['DRV-1']));
      assert.ok(isRateLimitError(error) && error.transient && error.system === 'jira');
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 3000);
    });

    it('answers a 503 on bulk create as outcome unknown for each draft (it may have been applied), sent once', async () => {
      await putFaults(running.url, { rules: [{ system: 'jira', route: BULK, errorRate: 1, status: 503, retryAfterSeconds: 1 }] });
      const outcomes = await retrying.createIssues([givenDraft(1), givenDraft(2)]);
      for (const outcome of outcomes) {
        assert.ok(!outcome.ok);
        assert.equal(outcome.error.disposition, 'unknown');
        assert.equal(outcome.error.code, 'HTTP_503');
      }
      assert.equal((await getStats(running.url)).jira.rejectedCalls[BULK], 1, 'a create that may have happened is never sent again');
    });

    it('answers a dropped connection on a comment as outcome unknown, sent once', async () => {
      await putFaults(running.url, { rules: [{ system: 'jira', route: 'POST *', dropRate: 1 }] });
      const outcome = await retrying.addComment('DRV-1', 'x', {});
      assert.ok(!outcome.ok);
      assert.equal(outcome.error.disposition, 'unknown');
      assert.equal((await getStats(running.url)).jira.rejected, 1);
    });

    it('retries a rate-limited bulk request alone: 150 drafts in 3 chunks under 40 % 429 give 150 issues, one per draft', async () => {
      await putFaults(running.url, { seed: 12, rules: [{ system: 'jira', route: BULK, errorRate: 0.4, status: 429, retryAfterSeconds: 1 }] });
      const drafts = Array.from({ length: 150 }, (_, i) => givenDraft(i));
      const outcomes = await retrying.createIssues(drafts);
      assert.equal(outcomes.filter((o) => o.ok).length, 150);
      const { calls, rejectedCalls } = (await getStats(running.url)).jira;
      assert.equal(calls[BULK], 3, 'each chunk went through exactly once');
      assert.ok((rejectedCalls[BULK] ?? 0) > 0, 'some bulk requests were refused');
      assert.ok(
        waits.every((w) => w >= 1000),
        `every wait honoured Retry-After: ${waits.join(', ')}`,
      );
      await putFaults(running.url, { rules: [] });
      const found = await issues.findIssuesByLabels(drafts.map((d) => `sfcase-${d.caseId}`));
      assert.equal(found.length, 150);
    });

    it('answers refused for now when the rate limit outlasts the retries, and sends no later chunk', async () => {
      await putFaults(running.url, { rules: [{ system: 'jira', route: BULK, errorRate: 1, status: 429, retryAfterSeconds: 2 }] });
      const outcomes = await retrying.createIssues(Array.from({ length: 120 }, (_, i) => givenDraft(i)));
      for (const outcome of outcomes) {
        assert.ok(!outcome.ok);
        assert.equal(outcome.error.disposition, 'refusedForNow');
        assert.equal(outcome.error.retryAfterMs, 2000);
      }
      assert.equal((await getStats(running.url)).jira.rejectedCalls[BULK], 3, 'the first chunk tried 3 times; the other two never sent');
    });

    it('maps a 500 on a transition lookup to a transient ApiError, and a bad key to InvalidInputError', async () => {
      await putFaults(running.url, { rules: [{ system: 'jira', route: 'GET *transitions', errorRate: 1, status: 500 }] });
      const error = await failureOf(issues.getTransitions('DRV-1'));
      assert.ok(error.transient);
      assert.equal(error.status, 500);
      assert.equal(error.retryAfterMs, undefined);
      await assert.rejects(issues.getTransitions('../../myself'), InvalidInputError);
    });
  });
});

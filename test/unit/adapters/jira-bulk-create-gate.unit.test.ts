/**
 * The gate in front of Jira bulk creates: never more than its limit in flight, a pause after a 429
 * as long as Jira asked for (Retry-After, else X-RateLimit-Reset), and a pause beyond the cap
 * refused at once as a rate limit (the work is kept for later), on a fake clock.
 */
import assert from 'node:assert/strict';
import { BulkCreateGate } from '../../../src/adapters/jira/bulk-create-gate.js';
import { isRateLimitError } from '../../../src/errors.js';

/** What jira.js (axios) throws for a 429. */
function given429(headers: Record<string, string>): Error {
  return Object.assign(new Error('Request failed with status code 429'), { isAxiosError: true, response: { status: 429, data: { errorMessages: ['Rate limit exceeded'] }, headers } });
}

function givenClock() {
  const clock = { nowMs: 1_000_000, slept: [] as number[] };
  return {
    clock,
    options: {
      now: () => clock.nowMs,
      sleep: async (ms: number) => {
        clock.slept.push(ms);
        clock.nowMs += ms;
      },
    },
  };
}

describe('BulkCreateGate', () => {
  it('has at most its limit in flight and starts the next as one ends', async () => {
    const gate = new BulkCreateGate(2);
    let inFlight = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const send = () =>
      gate.run(async () => {
        most = Math.max(most, ++inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
      });
    const all = Promise.all(Array.from({ length: 5 }, send));
    for (let done = 0; done < 5; done++) {
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(inFlight <= 2, `in flight: ${inFlight}`);
      releases.shift()?.();
    }
    await all;
    assert.equal(most, 2);
  });

  it("after a 429 waits Jira's Retry-After before the next create, whoever sends it", async () => {
    const { clock, options } = givenClock();
    const gate = new BulkCreateGate(4, options);
    await assert.rejects(
      gate.run(async () => {
        throw given429({ 'retry-after': '7' });
      }),
    );
    const startedAt: number[] = [];
    await gate.run(async () => startedAt.push(clock.nowMs));
    assert.deepEqual(clock.slept, [7_000]);
    assert.deepEqual(startedAt, [1_007_000]);
  });

  it('without Retry-After waits until X-RateLimit-Reset', async () => {
    const { clock, options } = givenClock();
    clock.nowMs = Date.parse('2026-12-02T10:00:00Z');
    const gate = new BulkCreateGate(1, options);
    await assert.rejects(
      gate.run(async () => {
        throw given429({ 'x-ratelimit-reset': '2026-12-02T10:00:20.000Z' });
      }),
    );
    await gate.run(async () => undefined);
    assert.deepEqual(clock.slept, [20_000]);
  });

  it('refuses at once, as a rate limit, a create that would wait longer than the cap', async () => {
    const { clock, options } = givenClock();
    const gate = new BulkCreateGate(1, { ...options, maxPauseMs: 30_000 });
    await assert.rejects(
      gate.run(async () => {
        throw given429({ 'retry-after': '120' });
      }),
    );
    let sent = false;
    await assert.rejects(
      gate.run(async () => {
        sent = true;
      }),
      (error: unknown) => {
        assert.ok(isRateLimitError(error), 'a rate limit: the request retry and createIssues keep the work for later');
        assert.equal((error as { retryAfterMs?: number }).retryAfterMs, 120_000);
        return true;
      },
    );
    assert.equal(sent, false);
    assert.deepEqual(clock.slept, []);
  });

  it('does not pause after other failures', async () => {
    const { clock, options } = givenClock();
    const gate = new BulkCreateGate(1, options);
    await assert.rejects(
      gate.run(async () => {
        throw Object.assign(new Error('Request failed with status code 503'), { isAxiosError: true, response: { status: 503, data: {}, headers: { 'retry-after': '5' } } });
      }),
    );
    await gate.run(async () => undefined);
    assert.deepEqual(clock.slept, []);
  });
});

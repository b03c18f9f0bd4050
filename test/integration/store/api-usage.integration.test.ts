/** `api_usage`: several processes' counts add up, the newest header sample wins, writes are throttled. */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { readApiUsage } from '../../../src/adapters/store/api-usage.js';
import { createApiUsageRecorder } from '../../../src/adapters/api-usage/recorder.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const sf = (used: number) => ({ status: 200, headers: { 'sforce-limit-info': `api-usage=${used}/100000` } });

describe('api usage store and recorder', function () {
  this.timeout(60_000);
  let db: Database;
  before(async () => {
    db = await givenMigratedDatabase('api_usage');
  });
  after(() => dropTestDatabase(db));
  beforeEach(() => db.knex('api_usage').delete());

  it('writes many responses as one upsert per interval, not one per request', async () => {
    let writes = 0;
    const count = (query: { sql: string }) => {
      if (/api_usage/.test(query.sql)) writes += 1;
    };
    db.knex.on('query', count);
    try {
      const recorder = createApiUsageRecorder({ db: db.knex, flushIntervalMs: 60_000 });
      for (let i = 1; i <= 300; i++) recorder.observe('salesforce', sf(1000 + i));
      await recorder.stop();
      assert.equal(writes, 1);
    } finally {
      db.knex.off('query', count);
    }
    const [usage] = await readApiUsage(db.knex);
    assert.equal(usage?.requestsCount, 300);
    assert.equal(usage?.dailyUsed, 1300);
    assert.equal(usage?.dailyLimit, 100000);
  });

  it('adds the counts of two processes and keeps the newer sample whichever writes last', async () => {
    let clock = Date.parse('2026-12-02T08:00:00Z');
    const now = () => new Date(clock);
    const worker = createApiUsageRecorder({ db: db.knex, flushIntervalMs: 60_000, now });
    const web = createApiUsageRecorder({ db: db.knex, flushIntervalMs: 60_000, now });
    worker.observe('salesforce', sf(500));
    clock += 1000;
    web.observe('salesforce', sf(520));
    web.observe('salesforce', sf(521));
    await web.flush();
    await worker.flush(); // older sample written after the newer one
    const [usage] = await readApiUsage(db.knex);
    assert.equal(usage?.requestsCount, 3);
    assert.equal(usage?.dailyUsed, 521);
    assert.equal(usage?.sampledAt?.toISOString(), '2026-12-02T08:00:01.000Z');
  });

  it('records Jira throttling and starts the counts again on a new UTC day', async () => {
    let clock = Date.parse('2026-12-02T23:59:59Z');
    const recorder = createApiUsageRecorder({ db: db.knex, flushIntervalMs: 60_000, now: () => new Date(clock) });
    recorder.observe('jira', { status: 200, headers: {} });
    recorder.observe('jira', { status: 429, headers: { 'retry-after': '7', 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0' } });
    clock += 2000; // 00:00:01 next day, before any write
    recorder.observe('jira', { status: 200, headers: {} });
    await recorder.flush();
    const [usage] = await readApiUsage(db.knex);
    assert.equal(usage?.system, 'jira');
    assert.equal(usage?.requestsDay, '2026-12-03');
    assert.equal(usage?.requestsCount, 1);
    assert.equal(usage?.throttledCount, 0);
    assert.equal(usage?.lastRetryAfterMs, 7000);
    assert.equal(usage?.lastThrottledAt?.toISOString(), '2026-12-02T23:59:59.000Z');
    assert.equal(usage?.windowLimit, 100);
    assert.equal(usage?.windowRemaining, 0);
  });

  it('keeps the counts of a failed write for the next one', async () => {
    const failures: unknown[] = [];
    let failing = true;
    const flaky = new Proxy(db.knex, {
      apply: (target, thisArg, args: [string]) => {
        if (failing) throw new Error('connection lost');
        return Reflect.apply(target, thisArg, args);
      },
    });
    const recorder = createApiUsageRecorder({ db: flaky, flushIntervalMs: 60_000, onFlushError: (e) => failures.push(e) });
    recorder.observe('salesforce', sf(10));
    recorder.observe('salesforce', sf(11));
    await recorder.flush();
    assert.equal(failures.length, 1);
    failing = false;
    recorder.observe('salesforce', sf(12));
    await recorder.flush();
    const [usage] = await readApiUsage(db.knex);
    assert.equal(usage?.requestsCount, 3);
    assert.equal(usage?.dailyUsed, 12);
  });
});

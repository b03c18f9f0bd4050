/**
 * `/__sandbox/faults`: injected 429/503/REQUEST_LIMIT_EXCEEDED at a rate (same seed, same
 * pattern), dropped connections, lost answers, added latency, daily budgets, and clear 400s for bad configs.
 */
import assert from 'node:assert/strict';
import { assertRejectsWithCode, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';
import type { CallStatsSnapshot } from '../../../src/sandbox/controls/stats.js';

const SF_AUTH = { authorization: 'Bearer test' };
const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };
const QUERY_PATH = `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Case LIMIT 1')}`;

describe('sandbox controls: faults', () => {
  let started: StartedSandbox;
  before(async () => {
    started = await givenRunningSandbox({ seed: 10 });
  });
  after(async () => {
    await started.running.close();
  });
  beforeEach(async () => {
    await started.call('DELETE', '/__sandbox/faults');
    await started.call('DELETE', '/__sandbox/stats');
    started.sandbox.faults.clearUsage();
  });

  const statusesOf = async (count: number, path: string, headers: Record<string, string>): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await started.call('GET', path, undefined, headers)).status);
    return statuses;
  };

  it('injects 429 with Retry-After at the configured rate, the same pattern for the same seed', async () => {
    const config = { seed: 42, rules: [{ system: 'salesforce', route: 'GET /services/data/*/query', errorRate: 0.5, status: 429, retryAfterSeconds: 7 }] };
    assert.equal((await started.call('PUT', '/__sandbox/faults', config)).status, 200);
    const first = await statusesOf(30, QUERY_PATH, SF_AUTH);
    await started.call('PUT', '/__sandbox/faults', config);
    const second = await statusesOf(30, QUERY_PATH, SF_AUTH);
    assert.deepEqual(second, first);
    const refused = first.filter((s) => s === 429).length;
    assert.ok(refused >= 8 && refused <= 22, `about half refused, got ${refused}/30`);
    assert.ok(first.every((s) => s === 200 || s === 429));
    await started.call('PUT', '/__sandbox/faults', { ...config, seed: 43 });
    assert.notDeepEqual(await statusesOf(30, QUERY_PATH, SF_AUTH), first, 'another seed gives another pattern');

    await started.call('PUT', '/__sandbox/faults', { ...config, rules: [{ ...config.rules[0], errorRate: 1 }] });
    const response = await started.call('GET', QUERY_PATH, undefined, SF_AUTH);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.equal((response.body as { errorCode: string }[])[0]?.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    const limits = await started.call('GET', '/services/data/v62.0/limits', undefined, SF_AUTH);
    assert.equal(limits.status, 200, 'other routes are untouched');
  });

  it("keeps each rule's pattern independent of traffic on other rules", async () => {
    const config = {
      seed: 9,
      rules: [
        { system: 'salesforce', errorRate: 0.5, status: 500 },
        { system: 'jira', errorRate: 0.5, status: 503 },
      ],
    };
    await started.call('PUT', '/__sandbox/faults', config);
    const alone = await statusesOf(20, QUERY_PATH, SF_AUTH);
    await started.call('PUT', '/__sandbox/faults', config);
    const interleaved: number[] = [];
    for (let i = 0; i < 20; i++) {
      await started.call('GET', '/rest/api/3/serverInfo', undefined, JIRA_AUTH);
      interleaved.push((await started.call('GET', QUERY_PATH, undefined, SF_AUTH)).status);
    }
    assert.deepEqual(interleaved, alone);
    assert.ok(alone.includes(500) && alone.includes(200));
  });

  it('injects Jira 503 in the Jira error shape and counts refused calls apart', async () => {
    await started.call('PUT', '/__sandbox/faults', { rules: [{ system: 'jira', route: 'GET /rest/api/3/myself', errorRate: 1, status: 503, retryAfterSeconds: 2 }] });
    await started.call('DELETE', '/__sandbox/stats');
    const response = await started.call('GET', '/rest/api/3/myself', undefined, JIRA_AUTH);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '2');
    assert.deepEqual(Object.keys(response.body as object).sort(), ['errorMessages', 'errors']);
    assert.equal((await started.call('GET', '/rest/api/3/serverInfo', undefined, JIRA_AUTH)).status, 200);
    const stats = (await started.call('GET', '/__sandbox/stats')).body as CallStatsSnapshot;
    assert.deepEqual(stats.jira.rejectedCalls, { 'GET /rest/api/3/myself': 1 });
    assert.deepEqual(stats.jira.calls, { 'GET /rest/api/3/serverInfo': 1 });
  });

  it('answers REQUEST_LIMIT_EXCEEDED as Salesforce does (403), which jsforce surfaces', async () => {
    await started.call('PUT', '/__sandbox/faults', { rules: [{ system: 'salesforce', route: '*/composite/sobjects', errorRate: 1, status: 'REQUEST_LIMIT_EXCEEDED' }] });
    const conn = started.connect();
    await assertRejectsWithCode(conn.sobject('Case').update([{ Id: '500Dn0000000001IAA', Subject: 'x' }]), 'REQUEST_LIMIT_EXCEEDED');
    const raw = await started.call('PATCH', '/services/data/v62.0/composite/sobjects', { records: [] }, SF_AUTH);
    assert.equal(raw.status, 403);
    assert.deepEqual(raw.body, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it('drops connections without an answer and adds latency', async () => {
    await started.call('PUT', '/__sandbox/faults', {
      rules: [
        { system: 'salesforce', route: 'GET /services/data/v62.0/limits', dropRate: 1 },
        { system: 'jira', latencyMs: 150 },
      ],
    });
    await assert.rejects(started.call('GET', '/services/data/v62.0/limits', undefined, SF_AUTH));
    const startedAt = Date.now();
    assert.equal((await started.call('GET', '/rest/api/3/serverInfo', undefined, JIRA_AUTH)).status, 200);
    assert.ok(Date.now() - startedAt >= 140, 'latency added');
    const stats = (await started.call('GET', '/__sandbox/stats')).body as CallStatsSnapshot;
    assert.deepEqual(stats.salesforce.rejectedCalls, { 'GET /services/data/v62.0/limits': 1 });
  });

  it('loses the answer of a call it handled: the write happened, the client sees a reset', async () => {
    await started.call('PUT', '/__sandbox/faults', { rules: [{ system: 'salesforce', route: 'POST /services/data/*/sobjects/Case', loseAnswerRate: 1 }] });
    const before = started.sandbox.salesforce.store.list('Case').length;
    await assert.rejects(started.call('POST', '/services/data/v62.0/sobjects/Case', { Subject: 'Answer lost', Status: 'New' }, SF_AUTH));
    assert.equal(started.sandbox.salesforce.store.list('Case').length, before + 1, 'the case was created');
    const stats = (await started.call('GET', '/__sandbox/stats')).body as CallStatsSnapshot;
    assert.deepEqual(stats.salesforce.rejectedCalls, {}, 'counted as a call the emulator served');
  });

  it('enforces a daily API budget per system', async () => {
    await started.call('PUT', '/__sandbox/faults', { dailyApiLimit: { salesforce: 3, jira: 2 } });
    assert.deepEqual(await statusesOf(4, QUERY_PATH, SF_AUTH), [200, 200, 200, 403]);
    const refused = await started.call('GET', QUERY_PATH, undefined, SF_AUTH);
    assert.deepEqual(refused.body, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    assert.deepEqual(await statusesOf(3, '/rest/api/3/serverInfo', JIRA_AUTH), [200, 200, 429]);
    const jiraRefused = await started.call('GET', '/rest/api/3/serverInfo', undefined, JIRA_AUTH);
    assert.ok(Number(jiraRefused.headers.get('retry-after')) > 0);
  });

  it('shows the budget in Sforce-Limit-Info', async () => {
    await started.call('PUT', '/__sandbox/faults', { dailyApiLimit: { salesforce: 50 } });
    await started.call('GET', QUERY_PATH, undefined, SF_AUTH);
    const second = await started.call('GET', QUERY_PATH, undefined, SF_AUTH);
    assert.equal(second.headers.get('sforce-limit-info'), 'api-usage=2/50');
  });

  it('refuses bad configs with a 400 naming the field', async () => {
    const bad: [unknown, RegExp][] = [
      [{ rules: [{ system: 'salesforce', errorRate: 2 }] }, /rules\.0\.errorRate/],
      [{ rules: [{ system: 'jira', errorRate: 0.1, status: 'REQUEST_LIMIT_EXCEEDED' }] }, /rules\.0\.status: status REQUEST_LIMIT_EXCEEDED exists only for system 'salesforce'/],
      [{ rules: [{ system: 'github' }] }, /rules\.0\.system/],
      [{ dailyApiLimit: { salesforce: -1 } }, /dailyApiLimit\.salesforce/],
      [{ surprise: true }, /surprise/],
    ];
    for (const [body, pattern] of bad) {
      const response = await started.call('PUT', '/__sandbox/faults', body);
      assert.equal(response.status, 400);
      const error = (response.body as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(error.message, pattern);
    }
    assert.deepEqual(((await started.call('GET', '/__sandbox/faults')).body as { rules: unknown[] }).rules, []);
  });
});

/**
 * The sandbox's Jira fault knobs: the search index lag set through `PUT /__sandbox/faults`, the
 * "realistic" preset, and 429 answers with Jira's rate-limit headers, sometimes without Retry-After.
 */
import assert from 'node:assert/strict';
import { REALISTIC_FAULTS, faultConfigSchema } from '../../../src/sandbox/controls/faults.js';
import { givenManualClock, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };
const NEW_ISSUE = { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'lagging', labels: ['lag-probe'] } };

describe('sandbox controls: Jira realism knobs', () => {
  let started: StartedSandbox;
  const clock = givenManualClock('2026-11-26T10:15:30.000Z');
  before(async () => {
    started = await givenRunningSandbox({ now: clock.now });
  });
  after(async () => {
    await started.running.close();
  });
  beforeEach(async () => {
    await started.call('POST', '/__sandbox/reset', {});
  });

  const searchKeys = async (): Promise<string[]> => {
    const response = await started.call('POST', '/rest/api/3/search/jql', { jql: 'labels = lag-probe', fields: ['key'] }, JIRA_AUTH);
    return (response.body as { issues: { key: string }[] }).issues.map((i) => i.key);
  };

  it('lags search by jira.searchIndexLagMs from the fault config, off by default', async () => {
    assert.equal(((await started.call('GET', '/__sandbox/faults')).body as { jira: { searchIndexLagMs: number } }).jira.searchIndexLagMs, 0);
    const first = await started.call('POST', '/rest/api/3/issue', NEW_ISSUE, JIRA_AUTH);
    assert.deepEqual(await searchKeys(), [(first.body as { key: string }).key], 'consistent without the knob');
    clock.advanceMs(60_000);

    assert.equal((await started.call('PUT', '/__sandbox/faults', { jira: { searchIndexLagMs: 2_000 } })).status, 200);
    const second = await started.call('POST', '/rest/api/3/issue', NEW_ISSUE, JIRA_AUTH);
    assert.deepEqual(await searchKeys(), [(first.body as { key: string }).key]);
    clock.advanceMs(2_000);
    assert.deepEqual((await searchKeys()).sort(), [(first.body as { key: string }).key, (second.body as { key: string }).key].sort());
    assert.equal((await started.call('PUT', '/__sandbox/faults', { jira: { searchIndexLagMs: -1 } })).status, 400);
  });

  it('exports a realistic preset the fault endpoint accepts as it is', async () => {
    assert.equal(REALISTIC_FAULTS.jira.searchIndexLagMs, 2_000);
    const bulkRule = REALISTIC_FAULTS.rules.find((r) => r.system === 'jira' && r.route === 'POST /rest/api/3/issue/bulk');
    assert.equal(bulkRule?.errorRate, 0.4);
    assert.equal(bulkRule?.status, 429);
    assert.deepEqual(faultConfigSchema.parse(REALISTIC_FAULTS), REALISTIC_FAULTS, 'parsing the preset again changes nothing');
    const put = await started.call('PUT', '/__sandbox/faults', REALISTIC_FAULTS);
    assert.equal(put.status, 200);
    assert.deepEqual((await started.call('GET', '/__sandbox/faults')).body, REALISTIC_FAULTS);
  });

  it('answers Jira 429s with Retry-After and X-RateLimit-Reset, or with X-RateLimit-Reset alone at the configured share', async () => {
    clock.set('2026-11-26T10:15:30.000Z');
    const rule = { system: 'jira', route: 'GET /rest/api/3/myself', errorRate: 1, status: 429, retryAfterSeconds: 90 };
    await started.call('PUT', '/__sandbox/faults', { seed: 3, rules: [rule] });
    const withBoth = await started.call('GET', '/rest/api/3/myself', undefined, JIRA_AUTH);
    assert.equal(withBoth.status, 429);
    assert.equal(withBoth.headers.get('retry-after'), '90');
    assert.equal(withBoth.headers.get('x-ratelimit-reset'), '2026-11-26T10:17Z', 'request time + 90 s, minute precision');
    assert.equal(withBoth.headers.get('ratelimit-reason'), 'jira-burst-based');
    assert.equal(withBoth.headers.get('x-ratelimit-remaining'), '0');

    await started.call('PUT', '/__sandbox/faults', { seed: 3, rules: [{ ...rule, withoutRetryAfterRate: 0.5 }] });
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await started.call('GET', '/rest/api/3/myself', undefined, JIRA_AUTH));
    const withoutRetryAfter = answers.filter((a) => a.headers.get('retry-after') === null);
    assert.ok(withoutRetryAfter.length >= 10 && withoutRetryAfter.length <= 30, `about half without Retry-After, got ${withoutRetryAfter.length}/40`);
    assert.ok(answers.every((a) => a.status === 429 && a.headers.get('x-ratelimit-reset') !== null));

    await started.call('PUT', '/__sandbox/faults', { rules: [{ system: 'salesforce', errorRate: 1, status: 429, withoutRetryAfterRate: 1 }] });
    const salesforce = await started.call('GET', '/services/data/v62.0/limits', undefined, { authorization: 'Bearer t' });
    assert.equal(salesforce.headers.get('retry-after'), '1', 'the option is Jira-only; Salesforce 429s keep Retry-After');
  });
});

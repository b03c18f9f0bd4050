/**
 * `/__sandbox/stats`: exact call counts per system and route template for a known sequence of
 * jsforce and Jira calls, refused calls counted apart, and DELETE zeroing the counters.
 */
import assert from 'node:assert/strict';
import { givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';
import type { CallStatsSnapshot } from '../../../src/sandbox/controls/stats.js';

const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };

describe('sandbox controls: stats', () => {
  let started: StartedSandbox;
  before(async () => {
    started = await givenRunningSandbox({ seed: 450 });
  });
  after(async () => {
    await started.running.close();
  });

  const readStats = async (): Promise<CallStatsSnapshot> => (await started.call('GET', '/__sandbox/stats')).body as CallStatsSnapshot;

  it('counts each call under its method and route template, refused calls apart', async () => {
    assert.equal((await started.call('DELETE', '/__sandbox/stats')).status, 204);
    const conn = started.connect();
    await conn.query('SELECT Id FROM Case', { autoFetch: true, maxFetch: 1000, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    const created = await conn.sobject('Case').create({ Subject: 'counted' });
    await conn.sobject('Case').update({ Id: created.id as string, Status: 'Working' });
    await conn.sobject('Case').update([{ Id: created.id as string, Priority: 'P2' }]);
    await conn.sobject('Case').retrieve(created.id as string);
    await started.call('GET', '/services/data/v62.0/limits');
    await started.call('GET', '/rest/api/3/myself', undefined, JIRA_AUTH);
    await started.call('GET', '/rest/api/3/issue/NOPE-1', undefined, JIRA_AUTH);
    await started.call('POST', '/rest/api/3/issue/NOPE-1/transitions', { transition: { id: '11' } }, JIRA_AUTH);
    await started.call('GET', '/rest/api/3/myself');

    const stats = await readStats();
    assert.deepEqual(stats.salesforce.calls, {
      'GET /services/data/v62.0/query': 1,
      'GET /services/data/v62.0/query/:locator': 2,
      'POST /services/data/v62.0/sobjects/Case': 1,
      'PATCH /services/data/v62.0/sobjects/Case/:id': 1,
      'PATCH /services/data/v62.0/composite/sobjects': 1,
      'GET /services/data/v62.0/sobjects/Case/:id': 1,
    });
    assert.deepEqual(stats.salesforce.rejectedCalls, { 'GET /services/data/v62.0/limits': 1 });
    assert.equal(stats.salesforce.accepted, 7);
    assert.equal(stats.salesforce.rejected, 1);
    assert.deepEqual(stats.jira.calls, {
      'GET /rest/api/3/myself': 1,
      'GET /rest/api/3/issue/:key': 1,
      'POST /rest/api/3/issue/:key/transitions': 1,
    });
    assert.deepEqual(stats.jira.rejectedCalls, { 'GET /rest/api/3/myself': 1 });
  });

  it('does not count control calls, and DELETE zeroes the counters', async () => {
    await started.call('GET', '/__sandbox/faults');
    await started.call('DELETE', '/__sandbox/stats');
    const zero = await readStats();
    assert.deepEqual(zero.salesforce, { accepted: 0, rejected: 0, calls: {}, rejectedCalls: {} });
    assert.deepEqual(zero.jira, { accepted: 0, rejected: 0, calls: {}, rejectedCalls: {} });
    await started.connect().query('SELECT Id FROM Case LIMIT 1');
    assert.equal((await readStats()).salesforce.accepted, 1);
  });
});

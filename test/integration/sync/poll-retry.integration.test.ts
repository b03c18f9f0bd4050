/**
 * The polls get the same Retry-After-aware retries as every other request: 429s and 503s on the
 * poll queries (Salesforce SOQL, Jira JQL search) are waited out, and the poll delivers its changes.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('polls under 429 and 503', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    h = await givenSyncHarness('sync_poll_retry', { fakeSleep: true });
  });
  after(() => h?.close());

  it('retries the poll queries alone and queues what they found', async () => {
    for (let i = 0; i < 3; i++)
      await h.actSalesforce({ action: 'createCase', fields: { Subject: `Polled ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } });
    // Seed 7 at 40 %: the first two calls of each rule are refused, then they pass.
    const response = await fetch(`${h.running.url}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: 7,
        rules: [
          { system: 'salesforce', route: 'GET /services/data/*/query', errorRate: 0.4, status: 503, retryAfterSeconds: 2 },
          { system: 'jira', route: 'POST /rest/api/3/search/jql', errorRate: 0.4, status: 429, retryAfterSeconds: 3 },
        ],
      }),
    });
    assert.equal(response.status, 200);
    const polled = await h.engine.pollOnce();
    assert.equal(polled.cases, 3);
    const pollWaits = h.waits.filter((w) => w.operation === 'salesforce.query' || w.operation === 'jira.search');
    assert.ok(pollWaits.length >= 2, `the poll queries were retried (${JSON.stringify(h.waits)})`);
    for (const wait of pollWaits) assert.ok(wait.retryAfterMs !== undefined && wait.waitMs >= wait.retryAfterMs, `waited ${wait.waitMs} ms for a Retry-After of ${wait.retryAfterMs} ms`);
  });
});

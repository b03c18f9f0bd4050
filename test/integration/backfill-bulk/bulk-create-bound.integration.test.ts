/**
 * A bulk backfill runs several passes at once, but never has more Jira bulk creates in flight than
 * `jira.bulkCreateConcurrency`, counted where they arrive: in the emulator. After a 429 with
 * Retry-After, no bulk create starts (from any pass) before that wait is over. Every case still ends
 * with exactly one issue.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Version3Client } from 'jira.js';
import { createJiraIssueSystem } from '../../../src/adapters/jira/issue-system.js';
import { runBackfill } from '../../../src/engine/backfill.js';
import { jiraFieldsToRead } from '../../../src/engine/read-fields.js';
import { createRequestRetry } from '../../../src/engine/retry.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { takeCensus } from '../../helpers/sync-census.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

const BOUND = 2;
const PASSES = 4;
const RETRY_AFTER_MS = 1_000;
/** The client learns of a 429 a moment after the emulator sent it; starts inside this are not late. */
const NOTICE_MS = 150;

interface BulkRequest {
  startMs: number;
  endMs?: number;
  status?: number;
  inFlightAtStart: number;
}

/** Records every bulk create the emulator receives: when it started and ended, and how many were in flight. */
function recordBulkCreates(h: SyncHarness): BulkRequest[] {
  const seen: BulkRequest[] = [];
  let inFlight = 0;
  const app = h.sandbox.app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
  const handle = app.handle.bind(app);
  app.handle = (req, res, next) => {
    if (req.method === 'POST' && req.url?.startsWith('/rest/api/3/issue/bulk')) {
      const request: BulkRequest = { startMs: performance.now(), inFlightAtStart: ++inFlight };
      seen.push(request);
      res.once('close', () => {
        inFlight--;
        request.endMs = performance.now();
        request.status = res.statusCode;
      });
    }
    handle(req, res, next);
  };
  return seen;
}

async function createCases(h: SyncHarness, from: number, to: number): Promise<void> {
  const agent = h.sandbox.salesforce.people().agents[0]?.id;
  for (let i = from; i < to; i++) {
    const fields = { Subject: `Bounded backfill ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' };
    await h.sandbox.salesforce.runActor({ system: 'salesforce', action: 'createCase', fields, ...(agent ? { actor: agent } : {}) });
  }
}

async function putFaults(h: SyncHarness, faults: unknown): Promise<void> {
  const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  assert.equal(response.status, 200, await response.text());
}

describe('Jira bulk creates stay within jira.bulkCreateConcurrency', function () {
  this.timeout(180_000);
  let h: SyncHarness;
  let requests: BulkRequest[];
  before(async () => {
    const config = givenSyncConfig();
    config.backfill = { ...config.backfill, bulkAbove: 10, bulkPageRecords: 400, bulkPollMs: 10, bulkTimeoutMinutes: 1, concurrency: PASSES };
    config.jira = { ...config.jira, bulkCreateConcurrency: BOUND };
    h = await givenSyncHarness('backfill_bulk_bound', { config, fakeSleep: true });
    // The harness's issue system was built with the default bound: this one over its own client carries the config's.
    const client = new Version3Client({ host: h.running.url, authentication: { basic: { email: config.jira.integrationEmail, apiToken: 'test-token' } } });
    const retry = createRequestRetry(config.retries, { sleep: async () => undefined });
    h.context.issues = createJiraIssueSystem({ client, baseUrl: h.running.url, extraFields: jiraFieldsToRead(config), retry, bulkCreateConcurrency: config.jira.bulkCreateConcurrency });
    requests = recordBulkCreates(h);
  });
  after(() => h?.close());

  const census = () => takeCensus({ baseUrl: h.running.url, store: h.sandbox.salesforce.store, statusDisplay: h.config.statusMap.toSalesforce as Record<string, { display: string }> });

  it(`${PASSES} passes at once send at most ${BOUND} bulk creates at a time`, async () => {
    await createCases(h, 0, 800);
    // Slow answers, so that creates of different passes would overlap if nothing held them back.
    await putFaults(h, { seed: 3, rules: [{ system: 'jira', route: 'POST /rest/api/3/issue/bulk', latencyMs: 80 }] });
    const summary = await runBackfill(h.context, { since: new Date('2000-01-01') });
    assert.equal(summary.created, 800);
    assert.equal(requests.length, 16, '800 cases in creates of 50');
    const most = Math.max(...requests.map((r) => r.inFlightAtStart));
    assert.equal(most, BOUND, `most bulk creates in flight at once: ${most} (bound ${BOUND}; below it the passes never overlapped and the test proves nothing)`);
    const found = await census();
    assert.deepEqual(found.casesWithoutIssue, []);
    assert.deepEqual(found.duplicateIssues, []);
  });

  it('after a 429 with Retry-After, no bulk create starts before the wait is over', async () => {
    requests.length = 0;
    await createCases(h, 800, 1400);
    await putFaults(h, {
      seed: 5,
      rules: [
        { system: 'jira', route: 'POST /rest/api/3/issue/bulk', latencyMs: 40 },
        { system: 'jira', route: 'POST /rest/api/3/issue/bulk', errorRate: 0.3, status: 429, retryAfterSeconds: RETRY_AFTER_MS / 1000 },
      ],
    });
    const summary = await runBackfill(h.context, { since: new Date('2000-01-01') });
    const refusals = requests.filter((r) => r.status === 429);
    assert.ok(refusals.length >= 2, `429s answered: ${refusals.length}`);
    const early = refusals.flatMap((refused) =>
      requests.filter((r) => r.startMs > refused.endMs! + NOTICE_MS && r.startMs < refused.endMs! + RETRY_AFTER_MS - NOTICE_MS).map((r) => Math.round(r.startMs - refused.endMs!)),
    );
    assert.deepEqual(early, [], 'ms after a 429 at which another bulk create started (its Retry-After was 1000 ms)');
    assert.ok(Math.max(...requests.map((r) => r.inFlightAtStart)) <= BOUND);
    assert.equal(summary.created, 600);
    const found = await census();
    assert.deepEqual(found.casesWithoutIssue, []);
    assert.deepEqual(found.duplicateIssues, []);
    assert.equal(found.issues.length, 1400);
  });
});

/**
 * A bulk backfill under lost answers leaves no case without an issue and none with two. Jira bulk
 * creates sometimes reach the emulator and lose their answer (the issues exist, the client sees a
 * reset), sometimes are dropped before it (nothing exists), and sometimes are refused with 429; the
 * search index lags. Cases whose create had no answer are passed again after their create lease:
 * the label search finds the issues that landed and only the others are created.
 */
import assert from 'node:assert/strict';
import { runBackfill } from '../../../src/engine/backfill.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { takeCensus } from '../../helpers/sync-census.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

const CASES = 600;
/** Cases of the first, paged backfill (below `bulkAbove`). */
const PAGED = 90;
const BULK = 'POST /rest/api/3/issue/bulk';
/** Above the search lag below, as `engine.createLeaseSeconds` must be; short so the test stays fast. */
const LEASE_MS = 1_200;

async function createCases(h: SyncHarness, from: number, to: number): Promise<void> {
  const agent = h.sandbox.salesforce.people().agents[0]?.id;
  for (let i = from; i < to; i++) {
    const fields = { Subject: `Revisited backfill ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' };
    await h.sandbox.salesforce.runActor({ system: 'salesforce', action: 'createCase', fields, ...(agent ? { actor: agent } : {}) });
  }
}

describe('backfill revisits creates that had no answer', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  before(async () => {
    const config = { ...givenSyncConfig(), retries: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 } };
    config.backfill = { ...config.backfill, bulkAbove: 100, bulkPageRecords: 250, bulkPollMs: 10, bulkTimeoutMinutes: 1, concurrency: 3 };
    h = await givenSyncHarness('backfill_revisit', { config, fakeSleep: true, intentLeaseMs: LEASE_MS });
    await createCases(h, 0, PAGED);
    const faults = {
      seed: 11,
      jira: { searchIndexLagMs: 400 },
      rules: [{ system: 'jira', route: BULK, loseAnswerRate: 0.2, dropRate: 0.1, errorRate: 0.15, status: 429, retryAfterSeconds: 0 }],
    };
    const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    assert.equal(response.status, 200, await response.text());
  });
  after(() => h?.close());

  const census = async () => {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the census reads through the lagging search
    return takeCensus({ baseUrl: h.running.url, store: h.sandbox.salesforce.store, statusDisplay: h.config.statusMap.toSalesforce as Record<string, { display: string }> });
  };

  it('a paged backfill settles every case with exactly one issue', async () => {
    const summary = await runBackfill(h.context, { since: new Date('2000-01-01'), batchSize: 15 });
    const found = await census();
    assert.deepEqual(found.casesWithoutIssue, [], 'every case has an issue');
    assert.deepEqual(found.duplicateIssues, [], 'no case has two');
    assert.equal(found.issues.length, PAGED);
    assert.ok((summary.revisited ?? 0) > 0 && (summary.recovered ?? 0) > 0, `revisited ${summary.revisited}, recovered ${summary.recovered}`);
    assert.equal(summary.created + (summary.recovered ?? 0), PAGED);
  });

  it('a bulk backfill of several sets settles every case with exactly one issue', async () => {
    await createCases(h, PAGED, CASES);
    const summary = await runBackfill(h.context, { since: new Date('2000-01-01') });
    const found = await census();
    assert.equal(found.mirroredCases, CASES);
    assert.deepEqual(found.casesWithoutIssue, [], 'every case has an issue');
    assert.deepEqual(found.duplicateIssues, [], 'no case has two');
    assert.equal(found.issues.length, CASES);
    assert.equal(summary.examined, CASES);
    assert.equal(summary.unsettled, 0);
    // The faults did what they are for: answers were lost on issues that exist, and creates dropped.
    assert.ok((summary.revisited ?? 0) >= 50, `cases revisited: ${summary.revisited}`);
    assert.ok((summary.recovered ?? 0) >= 25, `issues found by label after a lost answer: ${summary.recovered}`);
    assert.equal(summary.skipped, PAGED, 'the cases of the paged run are linked already');
    assert.equal(summary.created + (summary.recovered ?? 0), CASES - PAGED, 'each case created once, or found after its lost answer');
    const linked = await h.db.knex('links').where({ state: 'linked' }).count<Array<{ count: string }>>({ count: '*' });
    assert.equal(Number(linked[0]?.count), CASES, 'every case is linked');
  });
});

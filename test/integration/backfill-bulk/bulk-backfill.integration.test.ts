/**
 * A backfill above `backfill.bulkAbove` reads its cases through one Bulk API 2.0 query job over HTTP
 * (jsforce's bulk2 client against the emulator), in several sets of results, and mirrors every case
 * exactly once through the ordinary sync pass; the job is deleted after; a failed job is reported
 * with its id and reason; a backfill below the threshold reads page by page as before.
 */
import assert from 'node:assert/strict';
import { runBackfill } from '../../../src/engine/backfill.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { takeCensus } from '../../helpers/sync-census.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

const CASES = 300;
const SINCE = new Date('2000-01-01');

/** Counts the sets of results the backfill read (each one `GET .../results?maxRecords=`). */
function countBulkSets(cases: CaseSystem): { sets: number; records: number } {
  const seen = { sets: 0, records: 0 };
  const list = cases.listChangedCasesInBulk!.bind(cases);
  cases.listChangedCasesInBulk = async function* (since, options) {
    for await (const set of list(since, options)) {
      seen.sets++;
      seen.records += set.length;
      yield set;
    }
  };
  return seen;
}

async function createEscalatedCases(h: SyncHarness, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await h.actSalesforce({ action: 'createCase', fields: { Subject: `${prefix} ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } });
  }
}

describe('backfill through Bulk API 2.0', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  before(async () => {
    const config = givenSyncConfig();
    config.backfill = { ...config.backfill, bulkAbove: 100, bulkPageRecords: 100, bulkPollMs: 10, bulkTimeoutMinutes: 1, concurrency: 3 };
    h = await givenSyncHarness('backfill_bulk', { config, fakeSleep: true });
  });
  after(() => h?.close());

  it('below the threshold reads page by page and starts no job', async () => {
    await createEscalatedCases(h, 40, 'Small backfill');
    const summary = await runBackfill(h.context, { since: SINCE });
    assert.equal(summary.created, 40);
    assert.equal(h.sandbox.salesforce.bulkQueryJobs.created, 0);
  });

  it('above it mirrors every case exactly once from one job read in several sets, then deletes the job', async () => {
    await createEscalatedCases(h, CASES - 40, 'Large backfill');
    const read = countBulkSets(h.context.cases);
    const summary = await runBackfill(h.context, { since: SINCE });
    assert.equal(summary.total, CASES);
    assert.equal(summary.examined, CASES);
    assert.equal(summary.created, CASES - 40, 'the 40 of the first run are linked already');
    assert.equal(summary.failed, 0);
    assert.deepEqual(read, { sets: 3, records: CASES });
    assert.equal(h.sandbox.salesforce.bulkQueryJobs.created, 1);
    assert.deepEqual(h.sandbox.salesforce.bulkQueryJobs.listJobIds(), [], 'the job is deleted after');

    const census = await takeCensus({ baseUrl: h.running.url, store: h.sandbox.salesforce.store, statusDisplay: h.config.statusMap.toSalesforce as Record<string, { display: string }> });
    assert.equal(census.mirroredCases, CASES);
    assert.deepEqual(census.casesWithoutIssue, []);
    assert.deepEqual(census.duplicateIssues, []);
    assert.equal(census.issues.length, CASES);
  });

  it('run again, creates nothing', async () => {
    const summary = await runBackfill(h.context, { since: SINCE });
    assert.equal(summary.created, 0);
    const census = await takeCensus({ baseUrl: h.running.url, store: h.sandbox.salesforce.store, statusDisplay: h.config.statusMap.toSalesforce as Record<string, { display: string }> });
    assert.equal(census.issues.length, CASES);
  });

  it('a failed job is reported with its id and reason, and deleted', async () => {
    h.sandbox.salesforce.bulkQueryJobs.failNextJob('Query timed out after 10 minutes');
    await assert.rejects(runBackfill(h.context, { since: new Date('2000-01-02') }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'BULK_QUERY_FAILED');
      assert.match(error.message, /query job 750\w+ ended Failed: Query timed out after 10 minutes; nothing was synced from it, run the backfill again/);
      return true;
    });
    assert.deepEqual(h.sandbox.salesforce.bulkQueryJobs.listJobIds(), []);
  });
});

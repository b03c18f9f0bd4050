/**
 * The API-budget governor over a backfill, with the stored usage (`api_usage`) and the live queue as
 * the service sees them: the backfill waits while live changes queue up, stops once Salesforce's daily
 * usage passes its share (80 % by default) with the cursor saved, and the next run (the next window)
 * resumes where it stopped and finishes, with one issue per case.
 */
import assert from 'node:assert/strict';
import { runBackfill } from '../../../src/engine/backfill.js';
import type { BackfillSummary } from '../../../src/engine/backfill.js';
import { createDatabaseGovernor } from '../../../src/engine/budget/governor.js';
import { DEFAULT_BUDGET } from '../../../src/engine/budget/config.js';
import { queueSchemaOf } from '../../../src/engine/queue.js';
import { addApiUsage } from '../../../src/adapters/store/api-usage.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

const CASES = 30;

describe('backfill under the API-budget governor', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  const since = new Date('2000-01-01T00:00:00Z');

  const reportSalesforceUsage = (dailyUsed: number) =>
    addApiUsage(h.db.knex, { system: 'salesforce', day: new Date().toISOString().slice(0, 10), requests: 0, throttled: 0, sample: { at: new Date(), dailyUsed, dailyLimit: 1_000 } });

  before(async () => {
    h = await givenSyncHarness('backfill_budget');
    for (let i = 0; i < CASES; i++) {
      await h.actSalesforce({ action: 'createCase', fields: { Subject: `Old case ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } });
    }
  });
  after(() => h?.close());

  it('waits for a live backlog, stops at 80 % of the daily allocation, and resumes in the next window', async () => {
    const stored = createDatabaseGovernor(h.db.knex, queueSchemaOf(h.db), { ...DEFAULT_BUDGET, backfillYieldBacklog: 5 });
    let batchesAdmitted = 0;
    let usageRose = false;
    // The day's usage passes the share once the first batch is done (as the adapters would record it).
    const governor = {
      admit: async (work: 'backfill') => {
        if (batchesAdmitted === 1 && !usageRose) {
          usageRose = true;
          await reportSalesforceUsage(850);
        }
        const admission = await stored.admit(work);
        if (admission.go) batchesAdmitted++;
        return admission;
      },
    };
    await reportSalesforceUsage(100);
    // Live changes queued before the run: the backfill waits until the workers have them.
    await h.engine.enqueueIssues(['DRV-901', 'DRV-902', 'DRV-903', 'DRV-904', 'DRV-905']);
    const waits: number[] = [];
    const seen: BackfillSummary[] = [];
    const first = await runBackfill(h.context, {
      since,
      batchSize: 10,
      governor,
      sleep: async (ms) => {
        waits.push(ms);
        await h.engine.drain();
      },
      onProgress: (summary) => seen.push(summary),
    });
    assert.equal(waits.length, 1, 'one wait for the live backlog');
    assert.ok(waits[0]! <= DEFAULT_BUDGET.yieldSeconds * 1000);
    assert.ok(first.stoppedForBudget, JSON.stringify(first));
    assert.match(first.stoppedForBudget.reason, /salesforce has used 85 % of its daily API allocation \(850\/1000\); backfill stops at 80 %/);
    assert.ok(Date.parse(first.stoppedForBudget.resumeAt) > Date.now(), 'resumes in the next window');
    assert.equal(first.examined, 10, 'stopped after the first batch');
    assert.equal(seen.length, 1);
    assert.equal(first.created, first.examined);

    // The next window: the usage counts from zero again.
    await reportSalesforceUsage(10);
    const second = await runBackfill(h.context, { since, batchSize: 10, governor });
    assert.equal(second.stoppedForBudget, undefined);
    assert.ok(second.resumedFrom, 'resumed from the saved cursor');
    assert.equal(first.created + second.created, CASES, 'every case mirrored once over both runs');
    const keys = h.sandbox.salesforce.store.list('Case').map((c) => c.Jira_Key__c);
    assert.equal(new Set(keys).size, CASES, 'one issue per case');
  });
});

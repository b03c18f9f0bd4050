/**
 * A Jira status the running config does not map (the workflow gained a status after the config
 * was checked) is reported once in dead letters and in the metrics, and the case is not guessed at.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { metricsRegistry } from '../../../src/metrics.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

describe('a Jira status with no mapping at runtime', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    const config = givenSyncConfig();
    delete config.statusMap.toSalesforce['In Review'];
    h = await givenSyncHarness('sync_unmapped', { config });
  });
  after(() => h?.close());

  it('goes to dead letters and the metric once, and leaves the case as it was', async () => {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Tip not paid out', Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'payments_billing' },
    });
    await h.settle();
    const key = (await h.context.cases.getCases([id], ['Jira_Key__c']))[0]!.fields.Jira_Key__c as string;
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    await h.settle();
    const before = await metricValue('casebridge_sync_problems_total', 'UNMAPPED_JIRA_STATUS');
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Review' });
    await h.settle();
    await h.actJira({ type: 'assign', issueKey: key, accountId: null });
    await h.settle();

    const letters = (await listDeadLetters(h.db.knex)).filter((l) => l.errorCode === 'UNMAPPED_JIRA_STATUS');
    assert.equal(letters.length, 1, 'reported once, not on every pass');
    assert.match(letters[0]!.errorMessage, /"In Review"/);
    assert.equal((await metricValue('casebridge_sync_problems_total', 'UNMAPPED_JIRA_STATUS')) - before, 1);
    const record = (await h.context.cases.getCases([id], ['Jira_Status__c', 'Status']))[0]!;
    assert.equal(record.fields.Jira_Status__c, 'In development', 'the last good display stays');
    assert.equal(record.fields.Status, 'Escalated');
  });
});

async function metricValue(name: string, code: string): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values.find((v) => v.labels.code === code)?.value as number | undefined) ?? 0;
}

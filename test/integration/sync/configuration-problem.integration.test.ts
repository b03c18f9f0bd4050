/**
 * A configuration the org does not match (a mapped case field the org lacks) fails every request
 * the same way: it is reported once per batch, as a configuration problem naming the field, not as a
 * dead letter per case after every retry; the records stay in the letter for `dead-letters retry`.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

describe('a configuration problem (a field the org lacks)', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    const base = givenSyncConfig();
    const fields = base.fields.map((f) => (f.salesforce === 'Jira_URL__c' ? { ...f, salesforce: 'Jira_Link_Typo__c' } : f));
    h = await givenSyncHarness('sync_config_problem', { fakeSleep: true, config: { ...base, fields } });
  });
  after(() => h?.close());

  it('is one dead letter naming the field, holding every case of the batch', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Misconfigured ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } })).id);
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    const letters = await listDeadLetters(h.db.knex);
    assert.equal(letters.length, 1, JSON.stringify(letters.map((l) => l.errorCode)));
    const [letter] = letters;
    assert.equal(letter!.errorCode, 'SALESFORCE_CONFIGURATION_REJECTED');
    assert.match(letter!.errorMessage, /Jira_Link_Typo__c/);
    assert.deepEqual([...(letter!.payload as { caseIds: string[] }).caseIds].sort(), [...ids].sort());
    assert.equal(h.engine.stats.deadLettered, 1);
  });
});

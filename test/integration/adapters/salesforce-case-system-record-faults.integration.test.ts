/**
 * The Salesforce adapter under per-record and per-request faults, with the request retry: locked
 * records are sent again alone until saved, or answered refused for now; a field the org lacks is
 * one configuration problem; a rate limit keeps the refused collections for later and sends no
 * later one; comments whose collection got no answer are outcome unknown, sent once.
 */
import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/sandbox/server.js';
import { createSalesforceCaseSystem } from '../../../src/adapters/salesforce/index.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { ConfigurationProblemError } from '../../../src/errors.js';
import { createRequestRetry } from '../../../src/engine/retry.js';
import { getStats, putFaults } from './adapter-test-helpers.js';
import { useSalesforceAdapterRig } from './salesforce-case-system-rig.js';

describe('Salesforce adapter against the sandbox (jsforce over loopback): record faults', function () {
  const rig = useSalesforceAdapterRig();
  const { givenCases } = rig;
  let running: RunningSandbox;
  let cases: CaseSystem;
  /** The same adapter with a request retry of 4 attempts that does not sleep. */
  let retrying: CaseSystem;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ running, cases } = rig);
    const retry = createRequestRetry({ maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 }, { sleep: async () => undefined });
    retrying = createSalesforceCaseSystem({ connection: rig.connection, pageSize: 200, retry });
  });

  describe('per-record and per-request faults, with the request retry', () => {
    const PATCH = 'PATCH /services/data/v62.0/composite/sobjects';

    it('sends locked records (UNABLE_TO_LOCK_ROW) again alone until they are saved', async () => {
      const ids = await givenCases(250);
      await putFaults(running.url, { seed: 4, salesforceRecords: { unableToLockRowRate: 0.2 } });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      assert.equal(outcomes.filter((o) => o.ok).length, 250, JSON.stringify(outcomes.find((o) => !o.ok)));
      const calls = (await getStats(running.url)).salesforce.calls[PATCH] ?? 0;
      assert.ok(calls > 2 && calls <= 2 * 4, `2 collections, then only the locked records again (${calls} calls)`);
      await putFaults(running.url, { rules: [] });
      const reread = await cases.getCases(ids, ['Status']);
      assert.ok(reread.every((c) => c.fields.Status === 'Working'));
    });

    it('answers refused for now for records still locked after the retries', async () => {
      const ids = await givenCases(3);
      await putFaults(running.url, { salesforceRecords: { unableToLockRowRate: 1 } });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      for (const outcome of outcomes) assert.ok(!outcome.ok && outcome.error.code === 'UNABLE_TO_LOCK_ROW' && outcome.error.disposition === 'refusedForNow', JSON.stringify(outcome));
      assert.equal((await getStats(running.url)).salesforce.calls[PATCH], 4);
    });

    it('reports a field the org lacks once, as a configuration problem naming the field', async () => {
      const ids = await givenCases(250);
      const error = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working', Not_In_This_Org__c: 'x' } }))).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigurationProblemError, String(error));
      assert.deepEqual(error.fields, ['Not_In_This_Org__c']);
      assert.match(error.message, /Not_In_This_Org__c/);
      assert.equal((await getStats(running.url)).salesforce.calls[PATCH], 1, 'one request, not retried, and no second collection');
    });

    it('keeps the collections a rate limit refused for later and sends no later one; earlier ones stay saved', async () => {
      const ids = await givenCases(450);
      // Seed 13 at 40 %: the first request passes, the next four are refused.
      await putFaults(running.url, { seed: 13, rules: [{ system: 'salesforce', route: PATCH, errorRate: 0.4, status: 429, retryAfterSeconds: 1 }] });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      assert.ok(
        outcomes.slice(0, 200).every((o) => o.ok),
        'the first collection is saved',
      );
      for (const outcome of outcomes.slice(200)) assert.ok(!outcome.ok && outcome.error.disposition === 'refusedForNow' && outcome.error.retryAfterMs === 1000, JSON.stringify(outcome));
      const stats = (await getStats(running.url)).salesforce;
      assert.equal(stats.calls[PATCH], 1);
      assert.equal(stats.rejectedCalls[PATCH], 4, 'the refused collection tried 4 times; the third never sent');
    });

    it('answers outcome unknown for comments whose collection got no answer, sent once', async () => {
      const [id] = await givenCases(1);
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'POST /services/data/v62.0/composite/sobjects', dropRate: 1 }] });
      const [outcome] = await retrying.createComments([{ caseId: id!, body: 'hello', isPublished: true }]);
      assert.ok(outcome && !outcome.ok && outcome.error.disposition === 'unknown', JSON.stringify(outcome));
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });
  });
});

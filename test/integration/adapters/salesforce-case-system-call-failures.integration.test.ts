/**
 * Whole-call failures of the Salesforce adapter against the sandbox, mapped to the project's
 * errors: REQUEST_LIMIT_EXCEEDED and 429 as rate limits, a 503 with Retry-After (not retried), a
 * dropped connection as status 0, and a query naming a field the org lacks as a configuration problem.
 */
import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/sandbox/server.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { ApiError, ConfigurationProblemError, isRateLimitError } from '../../../src/errors.js';
import { getStats, putFaults } from './adapter-test-helpers.js';
import { FIELDS, collect, useSalesforceAdapterRig } from './salesforce-case-system-rig.js';

describe('Salesforce adapter against the sandbox (jsforce over loopback): call failures', function () {
  const rig = useSalesforceAdapterRig();
  const { givenCases } = rig;
  let running: RunningSandbox;
  let cases: CaseSystem;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ running, cases } = rig);
  });

  describe('whole-call failures', () => {
    it('maps REQUEST_LIMIT_EXCEEDED to a transient rate-limit ApiError', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', errorRate: 1, status: 'REQUEST_LIMIT_EXCEEDED' }] });
      const error = await collect(cases.listChangedCases(new Date(0), FIELDS)).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError, String(error));
      assert.ok(isRateLimitError(error) && error.transient && error.system === 'salesforce');
      assert.equal(error.code, 'REQUEST_LIMIT_EXCEEDED');
      assert.equal(error.status, 403);
    });

    it('maps a 503 with Retry-After on a collections call, without retrying it', async () => {
      const ids = await givenCases(2);
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'PATCH *', errorRate: 1, status: 503, retryAfterSeconds: 7 }] });
      const error = await cases.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } }))).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && error.transient, String(error));
      assert.equal(error.status, 503);
      assert.equal(error.code, 'SERVER_UNAVAILABLE');
      assert.equal(error.retryAfterMs, 7000);
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });

    it('maps a 429 on a query to a rate-limit ApiError with retryAfterMs, and jsforce does not retry the GET', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', errorRate: 1, status: 429, retryAfterSeconds: 2 }] });
      const error = await cases.getCases(['500Dn00000zzzzz'], FIELDS).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && isRateLimitError(error) && error.transient, String(error));
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 2000);
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });

    it('maps a dropped connection to a transient ApiError with status 0', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', dropRate: 1 }] });
      const error = await cases.listComments(['500Dn00000zzzzz']).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && error.transient, String(error));
      assert.equal(error.status, 0);
      assert.match(error.code, /^E[A-Z_]+$|NETWORK_ERROR/);
    });

    it('maps a query naming a field the org lacks (INVALID_FIELD) to a configuration problem naming the field', async () => {
      const error = await cases.getCases(['500Dn00000zzzzz'], ['No_Such_Field__c']).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigurationProblemError, String(error));
      assert.deepEqual(error.fields, ['No_Such_Field__c']);
      assert.ok(error.cause instanceof ApiError && !error.cause.transient && error.cause.status === 400 && error.cause.code === 'INVALID_FIELD');
    });
  });
});

/**
 * The backfill's list of deferred cases: a case comes back only once the create lease its pass
 * started may have run out, in the order deferred, a pass at a time, and a case deferred too often
 * is given up on (named as unsettled) instead of looping for ever.
 */
import assert from 'node:assert/strict';
import { DeferredCases, MAX_REVISITS } from '../../../src/engine/backfill-revisit.js';

const LEASE_MS = 10_000;

function givenDeferred() {
  const clock = { ms: 1_000_000 };
  return { clock, deferred: new DeferredCases(LEASE_MS, () => clock.ms) };
}

describe('backfill deferred cases', () => {
  it('gives nothing back before the lease has run out', () => {
    const { clock, deferred } = givenDeferred();
    deferred.defer(['500A', '500B']);
    clock.ms += LEASE_MS;
    assert.deepEqual(deferred.takeDue(200), [], 'at the lease itself the database may not have passed it yet');
    assert.ok(deferred.msUntilNextDue()! > 0);
    clock.ms += deferred.msUntilNextDue()!;
    assert.deepEqual(deferred.takeDue(200), ['500A', '500B']);
    assert.equal(deferred.waiting, 0);
    assert.equal(deferred.msUntilNextDue(), undefined);
  });

  it('hands out due cases in the order deferred, at most a pass at a time', () => {
    const { clock, deferred } = givenDeferred();
    deferred.defer(['500A', '500B', '500C']);
    clock.ms += 1_000;
    deferred.defer(['500D']);
    clock.ms += LEASE_MS - 400;
    assert.deepEqual(deferred.takeDue(2), ['500A', '500B']);
    assert.deepEqual(deferred.takeDue(2), ['500C'], '500D is not due yet');
    assert.equal(deferred.msUntilNextDue(), 900);
  });

  it('a case deferred again waits a whole new lease', () => {
    const { clock, deferred } = givenDeferred();
    deferred.defer(['500A']);
    clock.ms += LEASE_MS + 1_000;
    assert.deepEqual(deferred.takeDue(200), ['500A']);
    deferred.defer(['500A']);
    clock.ms += LEASE_MS;
    assert.deepEqual(deferred.takeDue(200), []);
  });

  it(`gives up on a case after ${MAX_REVISITS} revisits`, () => {
    const { clock, deferred } = givenDeferred();
    for (let i = 0; i < MAX_REVISITS; i++) {
      deferred.defer(['500A']);
      clock.ms += LEASE_MS + 1_000;
      assert.deepEqual(deferred.takeDue(200), ['500A']);
    }
    deferred.defer(['500A']);
    assert.equal(deferred.waiting, 0);
    assert.deepEqual([...deferred.unsettled], ['500A']);
  });
});

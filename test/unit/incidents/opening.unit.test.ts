import assert from 'node:assert/strict';
import { countCorporateAccounts, decideOpening, pickHigherSeverity } from '../../../src/domain/incidents/opening.js';

const opening = {
  priorities: ['P1'],
  priorityExcludedTopics: ['safety_incident'],
  burst: { cases: 5, withinMinutes: 15 },
  severityByPriority: { P1: 'SEV1' as const, P2: 'SEV2' as const },
  burstSeverity: 'SEV2' as const,
  corporateTiers: ['Corporate', 'VIP'],
};

describe('decideOpening', () => {
  it('a P1 case opens a SEV1 incident alone', () => {
    assert.deepEqual(decideOpening(opening, { priority: 'P1', topic: 'payments_billing', recentCaseCount: 1 }), { open: true, reason: 'priority', severity: 'SEV1' });
  });
  it('a P1 case of an excluded topic does not, unless it completes a burst', () => {
    assert.deepEqual(decideOpening(opening, { priority: 'P1', topic: 'safety_incident', recentCaseCount: 1 }), { open: false });
    assert.deepEqual(decideOpening(opening, { priority: 'P1', topic: 'safety_incident', recentCaseCount: 5 }), { open: true, reason: 'burst', severity: 'SEV2' });
  });
  it('a burst opens at exactly the threshold, not one below', () => {
    assert.deepEqual(decideOpening(opening, { priority: 'P3', topic: 'driver_app', recentCaseCount: 4 }), { open: false });
    assert.equal(decideOpening(opening, { priority: 'P3', topic: 'driver_app', recentCaseCount: 5 }).open, true);
  });
});

describe('pickHigherSeverity and countCorporateAccounts', () => {
  it('SEV1 outranks SEV2', () => {
    assert.equal(pickHigherSeverity('SEV2', 'SEV1'), 'SEV1');
    assert.equal(pickHigherSeverity('SEV3', 'SEV4'), 'SEV3');
  });
  it('counts distinct accounts of corporate tiers only', () => {
    const members = [
      { accountId: '001A', tier: 'Corporate' },
      { accountId: '001A', tier: 'Corporate' },
      { accountId: '001B', tier: 'vip' },
      { accountId: '001C', tier: 'Private' },
      { accountId: null, tier: 'Corporate' },
    ];
    assert.equal(countCorporateAccounts(members, opening.corporateTiers), 2);
  });
});

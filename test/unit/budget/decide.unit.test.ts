import assert from 'node:assert/strict';
import { decideAdmission, nextUtcDayMs } from '../../../src/engine/budget/decide.js';
import type { BudgetUsage, LiveLoad } from '../../../src/engine/budget/decide.js';
import { budgetSchema, DEFAULT_BUDGET } from '../../../src/engine/budget/config.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');

function givenUsage(partial: Partial<BudgetUsage> = {}): BudgetUsage {
  return { system: 'salesforce', dailyUsed: 1_000, dailyLimit: 100_000, windowRemaining: null, windowResetAt: null, lastThrottledAt: null, lastRetryAfterMs: null, ...partial };
}

const quiet: LiveLoad = { liveQueued: 0, urgent: 0 };

describe('API-budget governor: decideAdmission', () => {
  it('always lets live changes and incident work through, even with the allocation spent', () => {
    const spent = [givenUsage({ dailyUsed: 99_999 })];
    assert.deepEqual(decideAdmission('live', spent, quiet, DEFAULT_BUDGET, NOW), { go: true });
    assert.deepEqual(decideAdmission('urgent', spent, { liveQueued: 500, urgent: 3 }, DEFAULT_BUDGET, NOW), { go: true });
  });

  it('stops a backfill at 80 % of the daily allocation by default, until the next UTC day', () => {
    assert.deepEqual(decideAdmission('backfill', [givenUsage({ dailyUsed: 79_999 })], quiet, DEFAULT_BUDGET, NOW), { go: true });
    const stopped = decideAdmission('backfill', [givenUsage({ dailyUsed: 80_000 })], quiet, DEFAULT_BUDGET, NOW);
    assert.equal(stopped.go, false);
    assert.ok(!stopped.go);
    assert.equal(stopped.kind, 'exhausted');
    assert.equal(stopped.retryAtMs, Date.parse('2026-12-03T00:00:00Z'));
    assert.match(stopped.reason, /salesforce has used 80 %.*80000\/100000.*stops at 80 %/);
  });

  it('uses the configured share, and any system over it stops the backfill', () => {
    const policy = budgetSchema.parse({ backfillShare: 0.5 });
    const usage = [givenUsage({ dailyUsed: 10 }), givenUsage({ system: 'jira', dailyUsed: 2_600, dailyLimit: 5_000 })];
    const decision = decideAdmission('backfill', usage, quiet, policy, NOW);
    assert.ok(!decision.go && decision.kind === 'exhausted' && decision.reason.startsWith('jira'));
  });

  it('lets the polls run past the backfill share, up to their own', () => {
    const usage = [givenUsage({ dailyUsed: 90_000 })];
    assert.equal(decideAdmission('backfill', usage, quiet, DEFAULT_BUDGET, NOW).go, false);
    assert.equal(decideAdmission('poll', usage, quiet, DEFAULT_BUDGET, NOW).go, true);
    assert.equal(decideAdmission('poll', [givenUsage({ dailyUsed: 95_000 })], quiet, DEFAULT_BUDGET, NOW).go, false);
  });

  it('makes a backfill yield to a live backlog and to open incidents, for a few seconds', () => {
    assert.equal(decideAdmission('backfill', [givenUsage()], { liveQueued: 49, urgent: 0 }, DEFAULT_BUDGET, NOW).go, true, 'a few live changes: both go');
    const live = decideAdmission('backfill', [givenUsage()], { liveQueued: 50, urgent: 0 }, DEFAULT_BUDGET, NOW);
    assert.ok(!live.go && live.kind === 'yield' && live.retryAtMs === NOW + 5_000, JSON.stringify(live));
    const incident = decideAdmission('backfill', [givenUsage()], { liveQueued: 0, urgent: 1 }, DEFAULT_BUDGET, NOW);
    assert.ok(!incident.go && /incident/.test(incident.reason));
  });

  it('lets a poll run beside a small live queue and skips it beside a backlog', () => {
    assert.equal(decideAdmission('poll', [givenUsage()], { liveQueued: 399, urgent: 2 }, DEFAULT_BUDGET, NOW).go, true);
    assert.equal(decideAdmission('poll', [givenUsage()], { liveQueued: 400, urgent: 0 }, DEFAULT_BUDGET, NOW).go, false);
  });

  it('waits out a closed rate-limit window (Retry-After, or nothing remaining before the reset)', () => {
    const throttled = givenUsage({ system: 'jira', dailyUsed: null, dailyLimit: null, lastThrottledAt: new Date(NOW - 1_000), lastRetryAfterMs: 30_000 });
    const decision = decideAdmission('backfill', [throttled], quiet, DEFAULT_BUDGET, NOW);
    assert.ok(!decision.go && decision.kind === 'yield' && decision.retryAtMs === NOW + 29_000);
    const over = givenUsage({ ...throttled, lastThrottledAt: new Date(NOW - 31_000) });
    assert.equal(decideAdmission('backfill', [over], quiet, DEFAULT_BUDGET, NOW).go, true);
    const empty = givenUsage({ system: 'jira', windowRemaining: 0, windowResetAt: new Date(NOW + 10_000) });
    assert.ok(decideAdmission('poll', [empty], quiet, DEFAULT_BUDGET, NOW).go === false);
  });

  it('goes ahead when a system has said nothing of its budget yet', () => {
    assert.deepEqual(decideAdmission('backfill', [givenUsage({ dailyUsed: null, dailyLimit: null })], quiet, DEFAULT_BUDGET, NOW), { go: true });
  });

  it('refuses a config whose backfill share exceeds the poll share, or a share above 100 %', () => {
    assert.equal(budgetSchema.safeParse({ backfillShare: 0.97 }).success, false);
    assert.equal(budgetSchema.safeParse({ pollShare: 1.5 }).success, false);
    assert.equal(budgetSchema.safeParse({ backfillShare: 0 }).success, false);
  });

  it('rolls over at midnight UTC', () => {
    assert.equal(nextUtcDayMs(Date.parse('2026-12-31T23:59:59Z')), Date.parse('2027-01-01T00:00:00Z'));
  });
});

/**
 * Salesforce keeps date-times to the whole second: an instant written onto a case with
 * milliseconds reads back cut. The planner must take that as the same value, or every pass
 * rewrites Jira_Last_Updated__c (an echo loop under the realistic Salesforce emulator).
 */
import assert from 'node:assert/strict';
import { planPair } from '../../../src/domain/sync/plan-pair.js';
import type { PairInput } from '../../../src/domain/sync/plan-pair.js';
import { sameCaseValue } from '../../../src/domain/sync/field-values.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';

const config = givenSyncConfig();

describe('case values at Salesforce precision', () => {
  it('takes an instant cut to its second as the same instant, and another second as different', () => {
    assert.ok(sameCaseValue('2026-12-02T03:44:22.000+0000', '2026-12-02T03:44:22.673Z'));
    assert.ok(!sameCaseValue('2026-12-02T03:44:21.000+0000', '2026-12-02T03:44:22.673Z'));
    assert.ok(!sameCaseValue('DRV-1', 'DRV-2'));
  });

  it('plans nothing once the case shows the issue update cut to the second', () => {
    const issue = givenIssue({ updated: '2026-11-26T10:00:01.673Z' });
    const first: PairInput = { case: givenCase(), issue, origin: 'created', snapshots: { salesforce: new Map(), jira: new Map() } };
    const plan = planPair(config, first);
    assert.equal(plan.caseUpdates.Jira_Last_Updated__c, '2026-11-26T10:00:01.673Z');
    // What the org stores and answers: the same second, without its milliseconds.
    const stored = { ...first.case.fields, ...plan.caseUpdates, Jira_Last_Updated__c: '2026-11-26T10:00:01.000+0000' };
    const again = planPair(config, { ...first, case: { ...first.case, fields: stored }, snapshots: plan.nextSnapshots });
    assert.deepEqual(again.caseUpdates, {});
  });
});

/**
 * `direction: both` mappings: whichever side changed since the last sync wins; when both changed,
 * the later change (by source timestamp) wins and the overwritten value is reported; our own write
 * coming back plans nothing. Priority ↔ priority with its value translation (P1 ↔ Highest …).
 */
import assert from 'node:assert/strict';
import { planPair } from '../../../src/domain/sync/plan-pair.js';
import type { PairInput, PairPlan } from '../../../src/domain/sync/plan-pair.js';
import type { SyncConfig } from '../../../src/config/schemas/sync.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';

/** The example config with Priority both ways (and without Jira_Last_Updated__c, whose own echo is another matter). */
function givenBothConfig(): SyncConfig {
  const config = givenSyncConfig();
  const fields = config.fields.filter((f) => f.jira !== 'updated').map((f) => (f.salesforce === 'Priority' ? { ...f, direction: 'both' as const } : f));
  return { ...config, fields };
}

const config = givenBothConfig();
const noSnapshots = { salesforce: new Map(), jira: new Map() };

/** Applies a plan to both records, as a perfect external system would (each write moves its side's clock). */
function applyPlan(input: PairInput, plan: PairPlan, at = '2026-11-26T10:00:30.000Z'): PairInput {
  const issue = { ...input.issue };
  if ('priority' in plan.issueUpdates) issue.priority = plan.issueUpdates.priority as string;
  if (Object.keys(plan.issueUpdates).length > 0) issue.updated = at;
  const changedCase = Object.keys(plan.caseUpdates).length > 0;
  return {
    ...input,
    issue,
    case: { ...input.case, systemModstamp: changedCase ? at : input.case.systemModstamp, fields: { ...input.case.fields, ...plan.caseUpdates } },
    snapshots: plan.nextSnapshots,
  };
}

function assertSettled(input: PairInput): void {
  const again = planPair(config, input);
  assert.deepEqual(
    { caseUpdates: again.caseUpdates, issueUpdates: again.issueUpdates, overwrites: again.overwrites },
    { caseUpdates: {}, issueUpdates: {}, overwrites: [] },
    'our own write coming back plans nothing',
  );
}

/** A created pair after its first sync. */
function givenSyncedPair(origin: PairInput['origin'] = 'created'): PairInput {
  const input: PairInput = { case: givenCase(), issue: givenIssue(), origin, snapshots: noSnapshots };
  const settled = applyPlan(input, planPair(config, input));
  assertSettled(settled);
  return settled;
}

const withCase = (input: PairInput, fields: Record<string, unknown>, at: string): PairInput => ({ ...input, case: { ...input.case, systemModstamp: at, fields: { ...input.case.fields, ...fields } } });
const withIssue = (input: PairInput, priority: string, at: string): PairInput => ({ ...input, issue: { ...input.issue, priority, updated: at } });

describe('planPair with direction: both', () => {
  it('a case change reaches Jira (translated), and the echo plans nothing', () => {
    const changed = withCase(givenSyncedPair(), { Priority: 'P1' }, '2026-11-26T11:00:00.000Z');
    const plan = planPair(config, changed);
    assert.deepEqual(plan.issueUpdates, { priority: 'Highest' });
    assert.ok(!('Priority' in plan.caseUpdates));
    assert.deepEqual(plan.overwrites, []);
    assertSettled(applyPlan(changed, plan, '2026-11-26T11:00:05.000Z'));
  });

  it('a Jira change reaches the case (reverse translation) even when the case changed something else later', () => {
    let changed = withIssue(givenSyncedPair(), 'Low', '2026-11-26T11:00:00.000Z');
    changed = withCase(changed, { Origin: 'Phone' }, '2026-11-26T11:30:00.000Z');
    const plan = planPair(config, changed);
    assert.equal(plan.caseUpdates.Priority, 'P4');
    assert.ok(!('priority' in plan.issueUpdates));
    assert.deepEqual(plan.overwrites, []);
    assertSettled(applyPlan(changed, plan, '2026-11-26T11:30:05.000Z'));
  });

  it('when both changed, the later change wins and the overwritten value is reported', () => {
    const synced = givenSyncedPair();
    const jiraLater = planPair(config, withIssue(withCase(synced, { Priority: 'P1' }, '2026-11-26T12:00:00.000Z'), 'Low', '2026-11-26T12:00:05.000Z'));
    assert.equal(jiraLater.caseUpdates.Priority, 'P4');
    assert.ok(!('priority' in jiraLater.issueUpdates));
    assert.deepEqual(jiraLater.overwrites, [{ field: 'Priority', winner: 'jira', keptValue: 'Low', overwrittenValue: 'P1' }]);

    const caseLater = withIssue(withCase(synced, { Priority: 'P1' }, '2026-11-26T12:00:09.000Z'), 'Low', '2026-11-26T12:00:05.000Z');
    const plan = planPair(config, caseLater);
    assert.deepEqual(plan.issueUpdates, { priority: 'Highest' });
    assert.ok(!('Priority' in plan.caseUpdates));
    assert.deepEqual(plan.overwrites, [{ field: 'Priority', winner: 'salesforce', keptValue: 'P1', overwrittenValue: 'Low' }]);
    assertSettled(applyPlan(caseLater, plan, '2026-11-26T12:00:10.000Z'));
  });

  it('both sides changing to the same value is no conflict and writes nothing', () => {
    const plan = planPair(config, withIssue(withCase(givenSyncedPair(), { Priority: 'P1' }, '2026-11-26T12:00:00.000Z'), 'Highest', '2026-11-26T12:00:05.000Z'));
    assert.deepEqual({ caseUpdates: plan.caseUpdates, issueUpdates: plan.issueUpdates, overwrites: plan.overwrites }, { caseUpdates: {}, issueUpdates: {}, overwrites: [] });
    assert.equal(plan.nextSnapshots.salesforce.get('Priority'), 'P1');
    assert.equal(plan.nextSnapshots.jira.get('priority'), 'Highest');
  });

  it('a first sync with no snapshot is no conflict: nothing is reported as overwritten', () => {
    const plan = planPair(config, { case: givenCase({ Priority: 'P3' }), issue: givenIssue({ priority: 'High', updated: '2026-11-26T10:00:01.000Z' }), origin: 'linked', snapshots: noSnapshots });
    assert.equal(plan.caseUpdates.Priority, 'P2', 'a linked case follows the issue');
    assert.deepEqual(plan.overwrites, []);
  });

  it('a linked case never overwrites the issue, and its own edit is not undone while Jira stays put', () => {
    const synced = givenSyncedPair('linked');
    const changed = withCase(synced, { Priority: 'P1' }, '2026-11-26T11:00:00.000Z');
    const plan = planPair(config, changed);
    assert.deepEqual(plan.issueUpdates, {});
    assert.ok(!('Priority' in plan.caseUpdates), 'the agent edit stays on the case');
    assertSettled(applyPlan(changed, plan));
    // A later Jira change still reaches the linked case.
    const later = planPair(config, withIssue(applyPlan(changed, plan), 'Low', '2026-11-26T12:00:00.000Z'));
    assert.equal(later.caseUpdates.Priority, 'P4');
  });
});

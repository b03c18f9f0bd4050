import assert from 'node:assert/strict';
import { planPair, STATUS_SNAPSHOT } from '../../../src/domain/sync/plan-pair.js';
import type { PairInput } from '../../../src/domain/sync/plan-pair.js';
import { decideCase } from '../../../src/domain/sync/plan-case.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

const config = givenSyncConfig();
const noSnapshots = { salesforce: new Map(), jira: new Map() };

/** Applies a plan to both records, as a perfect external system would. */
function applyPlan(input: PairInput, plan: ReturnType<typeof planPair>): PairInput {
  const issue = { ...input.issue };
  if (plan.transitionTo) issue.status = plan.transitionTo;
  if ('summary' in plan.issueUpdates) issue.summary = String(plan.issueUpdates.summary);
  if ('priority' in plan.issueUpdates) issue.priority = plan.issueUpdates.priority as string;
  return { ...input, issue, case: { ...input.case, fields: { ...input.case.fields, ...plan.caseUpdates } }, snapshots: plan.nextSnapshots };
}

describe('planPair', () => {
  it('writes Jira fields back onto the case, then plans nothing (no echo)', () => {
    const input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    const plan = planPair(config, input);
    assert.deepEqual(plan.caseUpdates, {
      Jira_Key__c: 'DRV-1',
      Jira_URL__c: 'http://jira.example/browse/DRV-1',
      Jira_Status__c: 'Escalated: queued in Jira',
      Jira_Last_Updated__c: '2026-11-26T10:00:01.000Z',
    });
    assert.deepEqual(plan.issueUpdates, {});
    const again = planPair(config, applyPlan(input, plan));
    assert.deepEqual(again.caseUpdates, {});
    assert.deepEqual(again.issueUpdates, {});
    assert.equal(again.transitionTo, undefined);
  });

  it('moves the case when Jira moves, and Jira when the case moves', () => {
    let input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    input = applyPlan(input, planPair(config, input));
    const done = planPair(config, { ...input, issue: { ...input.issue, status: 'Done', updated: '2026-11-26T11:00:00.000Z' } });
    assert.equal(done.caseUpdates.Status, 'Resolved');
    assert.equal(done.caseUpdates.Jira_Status__c, 'Fixed');
    assert.equal(done.transitionTo, undefined);

    const reopened = planPair(config, { ...input, case: { ...input.case, fields: { ...input.case.fields, Status: 'Closed' }, systemModstamp: '2026-11-26T12:00:00.000Z' } });
    assert.equal(reopened.transitionTo, 'Done');
    assert.equal(reopened.caseUpdates.Status, undefined);
  });

  it('lets the later change win when both sides moved, and reports the loser', () => {
    let input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    input = applyPlan(input, planPair(config, input));
    const both = planPair(config, {
      ...input,
      case: { ...input.case, fields: { ...input.case.fields, Status: 'Closed' }, systemModstamp: '2026-11-26T12:00:00.000Z' },
      issue: { ...input.issue, status: "Won't Do", updated: '2026-11-26T12:00:05.000Z' },
    });
    assert.equal(both.transitionTo, undefined, 'Jira changed later and wins');
    assert.equal(both.caseUpdates.Status, 'Working');
    assert.deepEqual(
      both.overwrites.map((o) => [o.field, o.winner]),
      [['Status', 'jira']],
    );
  });

  it('does not let an older case change undo a newer Jira change that maps to no case status', () => {
    let input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    input = applyPlan(input, planPair(config, input));
    const plan = planPair(config, {
      ...input,
      case: { ...input.case, fields: { ...input.case.fields, Status: 'Closed' }, systemModstamp: '2026-11-26T12:00:00.000Z' },
      issue: { ...input.issue, status: 'In Progress', updated: '2026-11-26T12:00:09.000Z' },
    });
    assert.equal(plan.transitionTo, undefined, 'the developer moved the issue later');
    assert.equal(plan.caseUpdates.Status, undefined);
    assert.deepEqual(
      plan.overwrites.map((o) => [o.field, o.winner]),
      [['Status', 'jira']],
    );
  });

  it('moves nothing when a write landed but its snapshot was lost (crash between the two)', () => {
    let input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    input = applyPlan(input, planPair(config, input));
    // The case was closed and Jira already reached Done, but the snapshots still say Escalated / To Do.
    const plan = planPair(config, { ...input, case: { ...input.case, fields: { ...input.case.fields, Status: 'Closed' } }, issue: { ...input.issue, status: 'Done' } });
    assert.equal(plan.transitionTo, undefined);
    assert.equal(plan.caseUpdates.Status, undefined);
  });

  it('never lets a case linked to an existing issue overwrite it', () => {
    const input: PairInput = {
      case: givenCase({ Subject: 'Another customer, same bug', Status: 'Closed' }),
      issue: givenIssue(),
      origin: 'linked',
      snapshots: { salesforce: new Map([[STATUS_SNAPSHOT, 'Escalated']]), jira: new Map([[STATUS_SNAPSHOT, 'To Do']]) },
    };
    const plan = planPair(config, input);
    assert.deepEqual(plan.issueUpdates, {});
    assert.equal(plan.transitionTo, undefined);
    assert.equal(plan.caseUpdates.Jira_Key__c, 'DRV-1');
  });

  it('overwrites Jira edits of case-owned fields (the owner side wins)', () => {
    let input: PairInput = { case: givenCase(), issue: givenIssue(), origin: 'created', snapshots: noSnapshots };
    input = applyPlan(input, planPair(config, input));
    const plan = planPair(config, { ...input, issue: { ...input.issue, summary: 'edited in Jira', priority: 'Lowest' } });
    assert.deepEqual(plan.issueUpdates, { summary: 'Driver app crashes on login', priority: 'High' });
  });

  it('reports an unmapped status instead of guessing', () => {
    const plan = planPair(config, { case: givenCase({ Jira_Status__c: 'In development' }), issue: givenIssue({ status: 'Blocked' }), origin: 'created', snapshots: noSnapshots });
    assert.deepEqual(
      plan.problems.map((p) => p.code),
      ['UNMAPPED_JIRA_STATUS'],
    );
    assert.ok(!('Jira_Status__c' in plan.caseUpdates), 'the display keeps its last good value');
    assert.ok(!('Status' in plan.caseUpdates));
  });
});

describe('decideCase', () => {
  const context = { linkedIssueKey: null, keyWeWrote: null, topic: 'driver_app' };

  it('creates an issue for an escalated case, routed by topic, marked with the case label', () => {
    const decision = decideCase(config, givenCase(), context);
    assert.equal(decision.kind, 'create');
    if (decision.kind !== 'create') return;
    assert.equal(decision.draft.projectKey, 'DRV');
    assert.equal(decision.draft.priority, 'High');
    assert.ok(decision.draft.labels.includes('sfcase-500000000000001AAA'));
    assert.equal(decision.draft.fields[sandboxFieldId('Case Number')], '00001001');
  });

  it('links to an issue an agent typed, and relinks when they type another', () => {
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: 'PAY-7' }), context), { kind: 'link', issueKey: 'PAY-7' });
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: 'PAY-8' }), { ...context, linkedIssueKey: 'PAY-7', keyWeWrote: 'PAY-7' }), {
      kind: 'relink',
      fromIssueKey: 'PAY-7',
      issueKey: 'PAY-8',
    });
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: 'PAY-7' }), { ...context, linkedIssueKey: 'PAY-7', keyWeWrote: 'PAY-7' }), { kind: 'none' });
    assert.deepEqual(decideCase(config, givenCase({ Jira_Key__c: "x' OR 1=1" }), context), { kind: 'invalidKey', value: "x' OR 1=1" });
  });

  it('leaves cases that do not match the mirror rule alone', () => {
    assert.deepEqual(decideCase(config, givenCase({ Escalate_to_Jira__c: false, Priority: 'P3' }), context), { kind: 'none' });
    assert.equal(decideCase(config, givenCase({ Escalate_to_Jira__c: false, Priority: 'P1' }), context).kind, 'create');
  });
});

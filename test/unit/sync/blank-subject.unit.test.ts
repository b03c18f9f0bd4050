/**
 * A case with a blank subject gets the fallback summary "Case N" when its issue is created; every
 * later pass must plan that same summary, or Jira refuses the edit and the pair never syncs again.
 */
import assert from 'node:assert/strict';
import { decideCase } from '../../../src/domain/sync/plan-case.js';
import { planPair } from '../../../src/domain/sync/plan-pair.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';

const config = givenSyncConfig();
const context = { linkedIssueKey: null, keyWeWrote: null, topic: 'driver_app' };
const noSnapshots = { salesforce: new Map(), jira: new Map() };

describe('a case with a blank subject', () => {
  for (const subject of ['', '   ', '\n\r\n', null]) {
    it(`plans the summary the create used (subject ${JSON.stringify(subject)})`, () => {
      const record = givenCase({ Subject: subject });
      const decision = decideCase(config, record, context);
      assert.equal(decision.kind, 'create');
      if (decision.kind !== 'create') return;
      assert.equal(decision.draft.summary, 'Case 00001001');
      const plan = planPair(config, { case: record, issue: givenIssue({ summary: decision.draft.summary }), origin: 'created', snapshots: noSnapshots });
      assert.ok(!('summary' in plan.issueUpdates), `planned ${JSON.stringify(plan.issueUpdates.summary)}`);
      assert.equal(plan.nextSnapshots.jira.get('summary'), 'Case 00001001');
    });
  }

  it('puts the fallback back when someone clears the summary in Jira, and the subject once an agent types one', () => {
    const record = givenCase({ Subject: '' });
    assert.equal(planPair(config, { case: record, issue: givenIssue({ summary: '' }), origin: 'created', snapshots: noSnapshots }).issueUpdates.summary, 'Case 00001001');
    const typed = givenCase({ Subject: 'Driver app crashes' });
    assert.equal(planPair(config, { case: typed, issue: givenIssue({ summary: 'Case 00001001' }), origin: 'created', snapshots: noSnapshots }).issueUpdates.summary, 'Driver app crashes');
  });

  it('falls back to the case id when even the case number is missing', () => {
    const decision = decideCase(config, givenCase({ Subject: '', CaseNumber: null }), context);
    assert.equal(decision.kind === 'create' && decision.draft.summary, 'Case 500000000000001AAA');
  });
});

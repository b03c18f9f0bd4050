import assert from 'node:assert/strict';
import { isAcknowledged, planEscalation } from '../../../src/domain/incidents/escalation.js';

const chain = [{ waitMinutes: 10 }, { waitMinutes: 15 }, { waitMinutes: 30 }];
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 10, 0) + minutes * 60_000);

describe('planEscalation', () => {
  it('notifies the first step of a new incident at once', () => {
    assert.deepEqual(planEscalation(chain, { step: -1, notifiedAt: null, acknowledged: false }, at(0)), { kind: 'notify', step: 0 });
  });

  it('waits the current step’s minutes, then moves to the next step', () => {
    const state = { step: 0, notifiedAt: at(0), acknowledged: false };
    assert.deepEqual(planEscalation(chain, state, at(9)), { kind: 'wait', untilMs: at(10).getTime() });
    assert.deepEqual(planEscalation(chain, state, at(10)), { kind: 'notify', step: 1 });
    assert.deepEqual(planEscalation(chain, { step: 1, notifiedAt: at(10), acknowledged: false }, at(24)), { kind: 'wait', untilMs: at(25).getTime() });
  });

  it('stops when the last step’s wait is over, and whenever acknowledged', () => {
    assert.deepEqual(planEscalation(chain, { step: 2, notifiedAt: at(25), acknowledged: false }, at(55)), { kind: 'stop', reason: 'exhausted' });
    assert.deepEqual(planEscalation(chain, { step: 1, notifiedAt: at(10), acknowledged: true }, at(500)), { kind: 'stop', reason: 'acknowledged' });
  });
});

describe('isAcknowledged', () => {
  const rules = { acknowledgedStatuses: ['Investigating', 'Mitigated'], initialAssigneeAccountId: 'dev-noam-levi' };
  it('an acknowledged status counts; the assignee casebridge set does not', () => {
    assert.equal(isAcknowledged({ status: 'Investigating', assigneeAccountId: 'dev-noam-levi' }, rules), true);
    assert.equal(isAcknowledged({ status: 'Open', assigneeAccountId: 'dev-noam-levi' }, rules), false);
    assert.equal(isAcknowledged({ status: 'Open', assigneeAccountId: null }, rules), false);
  });
  it('someone else taking the incident counts', () => {
    assert.equal(isAcknowledged({ status: 'Open', assigneeAccountId: 'im-anna-kuznetsova' }, rules), true);
  });
});

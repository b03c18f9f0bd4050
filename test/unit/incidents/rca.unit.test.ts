import assert from 'node:assert/strict';
import { decideCloseGuard, findOverdueStages, planRcaStages } from '../../../src/domain/incidents/rca.js';

const rca = {
  incidentManager: 'sarah-oconnor',
  closeWithOpenSubtasks: 'block' as const,
  stages: [
    { name: 'Initial RCA', dueHours: 24, assignee: 'incidentManager' as const },
    { name: 'R&D RCA', dueHours: 48, assignee: 'serviceOwner' as const },
  ],
};

describe('planRcaStages', () => {
  it('counts due times from the resolution and picks assignees by role', () => {
    const resolvedAt = new Date('2026-11-26T22:30:00Z');
    const plans = planRcaStages(rca, { resolvedAt, incidentManagerAccountId: 'im-sarah', serviceOwnerAccountId: 'dev-noam' });
    assert.deepEqual(
      plans.map((p) => [p.name, p.dueAt.toISOString(), p.dueDate, p.assigneeAccountId]),
      [
        ['Initial RCA', '2026-11-27T22:30:00.000Z', '2026-11-27', 'im-sarah'],
        ['R&D RCA', '2026-11-28T22:30:00.000Z', '2026-11-28', 'dev-noam'],
      ],
    );
  });
});

describe('findOverdueStages', () => {
  it('lists open stages past due that were not reported yet', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const stages = [
      { id: 1, dueAt: new Date('2026-11-27T00:00:00Z'), status: 'open', notifiedOverdueAt: null },
      { id: 2, dueAt: new Date('2026-11-27T00:00:00Z'), status: 'done', notifiedOverdueAt: null },
      { id: 3, dueAt: new Date('2026-11-27T00:00:00Z'), status: 'open', notifiedOverdueAt: new Date('2026-11-27T01:00:00Z') },
      { id: 4, dueAt: new Date('2026-11-29T00:00:00Z'), status: 'open', notifiedOverdueAt: null },
    ];
    assert.deepEqual(
      findOverdueStages(stages, now).map((s) => s.id),
      [1],
    );
  });
});

describe('decideCloseGuard', () => {
  const base = { closedStatus: 'Closed', fallbackStatus: 'Resolved', previousStatus: 'Resolved', mode: 'block' as const };
  it('moves a closed incident with open sub-tasks back to where it was', () => {
    assert.deepEqual(decideCloseGuard({ ...base, status: 'Closed', previousStatus: 'Mitigated', openSubtasks: ['INC-2'] }), { kind: 'revert', toStatus: 'Mitigated', openSubtasks: ['INC-2'] });
  });
  it('falls back to the resolved status when it was never seen open', () => {
    assert.deepEqual(decideCloseGuard({ ...base, status: 'Closed', previousStatus: 'Closed', openSubtasks: ['INC-2'] }), { kind: 'revert', toStatus: 'Resolved', openSubtasks: ['INC-2'] });
  });
  it('only warns in warn mode, and allows closing without open sub-tasks or other statuses', () => {
    assert.deepEqual(decideCloseGuard({ ...base, mode: 'warn', status: 'Closed', openSubtasks: ['INC-2'] }), { kind: 'warn', openSubtasks: ['INC-2'] });
    assert.deepEqual(decideCloseGuard({ ...base, status: 'Closed', openSubtasks: [] }), { kind: 'allow' });
    assert.deepEqual(decideCloseGuard({ ...base, status: 'Resolved', openSubtasks: ['INC-2'] }), { kind: 'allow' });
  });
});

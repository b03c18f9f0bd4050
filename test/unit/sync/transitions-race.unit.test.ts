/**
 * The race `bench soak` found: a developer moves the issue between the walk's read and its step,
 * Jira answers 400 "Transition id '11' is not valid for this issue", and the walk used to report
 * TRANSITION_FAILED — a dead letter for a case that only had to carry on from the new status.
 */
import assert from 'node:assert/strict';
import { transitionToStatus } from '../../../src/engine/transitions.js';
import type { WorkflowEdge } from '../../../src/engine/transitions.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import type { WriteOutcome } from '../../../src/domain/sync/records.js';

const WORKFLOW: Record<string, WorkflowEdge[]> = {
  'To Do': [{ id: '11', name: 'Start Progress', toStatus: 'In Progress' }],
  'In Progress': [
    { id: '21', name: 'Review', toStatus: 'In Review' },
    { id: '61', name: 'Resolve', toStatus: 'Done' },
  ],
  'In Review': [{ id: '31', name: 'Approve', toStatus: 'Done' }],
  Done: [{ id: '41', name: 'Reopen', toStatus: 'To Do' }],
};

/**
 * One issue as Jira holds it; `developerMoves` are applied, in turn, right after each of the
 * walk's reads (before its step), as a person working on the issue at the same moment would.
 */
function givenRacingJira(start: string, developerMoves: Array<string | undefined>, refuse: (id: string, status: string) => string | undefined = () => undefined) {
  const moves = [...developerMoves];
  const jira: Pick<IssueSystem, 'getWorkflowState' | 'transitionIssue'> & { status: string; sent: string[] } = {
    status: start,
    sent: [] as string[],
    getWorkflowState: async () => {
      const seen = { status: jira.status, transitions: WORKFLOW[jira.status] ?? [] };
      const move = moves.shift();
      if (move) jira.status = move;
      return seen;
    },
    transitionIssue: async (_key: string, id: string): Promise<WriteOutcome<null>> => {
      jira.sent.push(id);
      const edge = (WORKFLOW[jira.status] ?? []).find((t) => t.id === id);
      if (!edge) return { ok: false, error: { code: 'REJECTED', message: `Transition id '${id}' is not valid for this issue.` } };
      const validator = refuse(id, jira.status);
      if (validator) return { ok: false, error: { code: 'REJECTED', message: validator } };
      jira.status = edge.toStatus;
      return { ok: true, value: null };
    },
  };
  return jira;
}

const issue = { key: 'OPS-2', projectKey: 'OPS' };

describe('transitionToStatus when someone moves the issue meanwhile', () => {
  it('carries on from the status a developer moved the issue to between the read and the step', async () => {
    // The walk reads To Do and sends Start Progress; the developer has just started progress himself.
    const jira = givenRacingJira('To Do', ['In Progress']);
    const outcome = await transitionToStatus(jira, issue, 'Done', new Map());
    assert.deepEqual(outcome, { ok: true, steps: ['Resolve'], status: 'Done' }, `expected the walk to reach Done from In Progress, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(jira.sent, ['11', '61']);
    assert.equal(jira.status, 'Done');
  });

  it('carries on after two races in a row, as long as each refusal came from a move', async () => {
    const jira = givenRacingJira('To Do', ['In Progress', 'In Review']);
    const outcome = await transitionToStatus(jira, issue, 'Done', new Map());
    assert.equal(outcome.ok, true, `expected Done, got ${JSON.stringify(outcome)}`);
    assert.equal(jira.status, 'Done');
  });

  it('still reports TRANSITION_FAILED, with Jira’s message, when the issue is where the walk read it', async () => {
    const jira = givenRacingJira('In Review', [], (id) => (id === '31' ? 'Resolution is required' : undefined));
    const outcome = await transitionToStatus(jira, issue, 'Done', new Map());
    assert.equal(!outcome.ok && outcome.code, 'TRANSITION_FAILED');
    assert.match(!outcome.ok ? outcome.message : '', /Approve \(In Review → Done\) refused: Resolution is required/);
    assert.deepEqual(jira.sent, ['31'], 'a real refusal is not sent again');
  });
});

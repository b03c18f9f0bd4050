import assert from 'node:assert/strict';
import { transitionToStatus } from '../../../src/engine/transitions.js';
import type { WorkflowEdge, WorkflowMemory } from '../../../src/engine/transitions.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import type { WriteOutcome } from '../../../src/domain/sync/records.js';

/** A workflow: status → transitions from it (ids unique across the workflow). */
type Workflow = Record<string, WorkflowEdge[]>;

const WORKFLOW: Workflow = {
  'To Do': [{ id: '11', name: 'Start', toStatus: 'In Progress' }],
  'In Progress': [
    { id: '21', name: 'Review', toStatus: 'In Review' },
    { id: '22', name: 'Stop', toStatus: 'To Do' },
  ],
  'In Review': [
    { id: '31', name: 'Approve', toStatus: 'Done' },
    { id: '32', name: 'Rework', toStatus: 'In Progress' },
  ],
  Done: [{ id: '41', name: 'Reopen', toStatus: 'To Do' }],
};

type Answer = 'ok' | WriteOutcome<null>;

interface FakeJira extends Pick<IssueSystem, 'getWorkflowState' | 'transitionIssue'> {
  status: string;
  reads: number;
  /** Transition ids sent, in order. */
  sent: string[];
  exists: boolean;
}

/**
 * One issue in a workflow, as Jira holds it. `answers` script the transition answers in turn
 * (default ok); an `unknown` answer may still have moved the issue (`appliedDespiteUnknown`).
 */
function givenJira(start: string, options: { workflow?: Workflow; answers?: Answer[]; appliedDespiteUnknown?: boolean } = {}): FakeJira {
  const workflow = options.workflow ?? WORKFLOW;
  const answers = [...(options.answers ?? [])];
  const jira: FakeJira = {
    status: start,
    reads: 0,
    sent: [] as string[],
    exists: true,
    getWorkflowState: async (_key: string) => {
      jira.reads++;
      return jira.exists ? { status: jira.status, transitions: workflow[jira.status] ?? [] } : null;
    },
    transitionIssue: async (_key: string, id: string): Promise<WriteOutcome<null>> => {
      jira.sent.push(id);
      const answer = answers.shift() ?? 'ok';
      const edge = (workflow[jira.status] ?? []).find((t) => t.id === id);
      if (!edge) return { ok: false, error: { code: 'REJECTED', message: `transition ${id} is not available from ${jira.status}` } };
      const applies = answer === 'ok' || (options.appliedDespiteUnknown === true && answer.ok === false && answer.error.disposition === 'unknown');
      if (applies) jira.status = edge.toStatus;
      return answer === 'ok' ? { ok: true, value: null } : answer;
    },
  };
  return jira;
}

const issue = { key: 'DRV-7', projectKey: 'DRV' };
const unknownAnswer: WriteOutcome<null> = { ok: false, error: { code: 'ECONNRESET', message: 'socket hang up', disposition: 'unknown' } };

describe('transitionToStatus', () => {
  let memory: WorkflowMemory;
  beforeEach(() => {
    memory = new Map();
  });

  it('walks several steps to the target, exploring the workflow it does not know yet', async () => {
    const jira = givenJira('To Do');
    const outcome = await transitionToStatus(jira, issue, 'Done', memory);
    assert.deepEqual(outcome, { ok: true, steps: ['Start', 'Review', 'Approve'], status: 'Done' });
    assert.equal(jira.status, 'Done');
    assert.equal(jira.reads, 3, 'one read per step; no read after the step that reached the target');
  });

  it('starts from the status Jira has now, not from the stale one the pass read', async () => {
    // The pass saw "To Do"; a developer has moved the issue to In Review since.
    const jira = givenJira('In Review');
    const outcome = await transitionToStatus(jira, { ...issue, status: 'To Do' } as typeof issue, 'Done', memory);
    assert.deepEqual(outcome, { ok: true, steps: ['Approve'], status: 'Done' });
    assert.deepEqual(jira.sent, ['31']);
  });

  it('stores learned edges under the status they were read from', async () => {
    const jira = givenJira('In Progress');
    await transitionToStatus(jira, issue, 'Done', memory);
    const learned = memory.get('DRV')!;
    assert.deepEqual([...learned.keys()].sort(), ['In Progress', 'In Review']);
    assert.deepEqual(learned.get('In Progress'), WORKFLOW['In Progress']);
    assert.deepEqual(learned.get('In Review'), WORKFLOW['In Review']);
    assert.equal(learned.has('To Do'), false, 'nothing stored under a status the issue was not read in');
  });

  it('uses a learned path instead of exploring again', async () => {
    await transitionToStatus(givenJira('To Do'), issue, 'Done', memory);
    // From In Progress "Stop" (back to To Do) is now listed first; the learned path goes through Review.
    const jira = givenJira('In Progress', { workflow: { ...WORKFLOW, 'In Progress': [WORKFLOW['In Progress']![1]!, WORKFLOW['In Progress']![0]!] } });
    const outcome = await transitionToStatus(jira, issue, 'Done', memory);
    assert.deepEqual(outcome.steps, ['Review', 'Approve']);
  });

  it('after a lost answer reads the status again and carries on from there, never re-sending a step that happened', async () => {
    const jira = givenJira('To Do', { answers: ['ok', unknownAnswer], appliedDespiteUnknown: true });
    const outcome = await transitionToStatus(jira, issue, 'Done', memory);
    assert.ok(outcome.ok);
    assert.deepEqual(jira.sent, ['11', '21', '31'], 'Review happened despite the lost answer and was not sent again');
    assert.equal(jira.status, 'Done');
  });

  it('sends a step again only after reading that it did not happen', async () => {
    const jira = givenJira('In Review', { answers: [unknownAnswer], appliedDespiteUnknown: false });
    const outcome = await transitionToStatus(jira, issue, 'Done', memory);
    assert.ok(outcome.ok);
    assert.deepEqual(jira.sent, ['31', '31']);
    assert.equal(jira.reads, 2);
  });

  it("reports a refused step with Jira's message, and a step refused for now with its Retry-After", async () => {
    const refused = await transitionToStatus(givenJira('In Review', { answers: [{ ok: false, error: { code: 'REJECTED', message: 'Resolution is required' } }] }), issue, 'Done', memory);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.code, 'TRANSITION_FAILED');
    assert.match(!refused.ok ? refused.message : '', /Approve \(In Review → Done\) refused: Resolution is required/);

    const later = await transitionToStatus(
      givenJira('In Review', { answers: [{ ok: false, error: { code: 'RATE_LIMITED', message: '429', disposition: 'refusedForNow', retryAfterMs: 5_000 } }] }),
      issue,
      'Done',
      memory,
    );
    assert.deepEqual(later.ok === false && later.code === 'REFUSED_FOR_NOW' ? later.retryAfterMs : undefined, 5_000);
  });

  it('ends in NO_PATH when no transition leads towards the target, and within maxSteps', async () => {
    const dead: Workflow = { Open: [{ id: '1', name: 'Park', toStatus: 'Parked' }], Parked: [{ id: '2', name: 'Unpark', toStatus: 'Open' }] };
    const none = await transitionToStatus(givenJira('Open', { workflow: dead }), issue, 'Done', memory);
    assert.equal(!none.ok && none.code, 'NO_PATH');

    const loop: Workflow = {
      A: [{ id: '1', name: 'a→b', toStatus: 'B' }],
      B: [{ id: '2', name: 'b→c', toStatus: 'C' }],
      C: [{ id: '3', name: 'c→d', toStatus: 'D' }],
      D: [{ id: '4', name: 'd→z', toStatus: 'Z' }],
    };
    const bounded = await transitionToStatus(givenJira('A', { workflow: loop }), issue, 'Z', new Map(), 2);
    assert.equal(!bounded.ok && bounded.code, 'NO_PATH');
    assert.equal(bounded.steps.length, 2);
  });

  it('is done without a transition when the issue is already in the target status, and reports a vanished issue', async () => {
    const jira = givenJira('Done');
    assert.deepEqual(await transitionToStatus(jira, issue, 'Done', memory), { ok: true, steps: [], status: 'Done' });
    assert.deepEqual(jira.sent, []);
    const gone = givenJira('To Do');
    gone.exists = false;
    const outcome = await transitionToStatus(gone, issue, 'Done', memory);
    assert.equal(!outcome.ok && outcome.code, 'ISSUE_NOT_FOUND');
  });
});

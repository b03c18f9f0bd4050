/**
 * Moves an issue to a target status through its workflow. Jira only tells which transitions
 * are available from the current status, so the walk learns the workflow as it goes (and
 * remembers it per project): take a direct transition when there is one, else the first step
 * of a known path, else explore a status not seen yet. Bounded, so a workflow with no path
 * ends in a reported failure rather than a loop.
 *
 * Every step starts from a fresh read of the issue's status together with the transitions from
 * it (one GET by key), never from the status the pass read earlier: so a walk whose previous
 * step's answer was lost, or an issue someone else moved meanwhile, carries on from where the
 * issue really is, and learned edges are stored under the status they were read from. A step
 * Jira refuses ("Transition id '11' is not valid for this issue") is a failure only if the issue
 * is still where the walk read it: a developer moving it between our read and our step is a race,
 * and the walk carries on from the new status.
 */
import type { IssueSystem } from './ports.js';

export type TransitionOutcome =
  | { ok: true; steps: string[]; status: string }
  | { ok: false; code: 'NO_PATH' | 'TRANSITION_FAILED' | 'ISSUE_NOT_FOUND'; message: string; steps: string[] }
  /** A step was refused by an exhausted rate limit: nothing more was sent; try again later. */
  | { ok: false; code: 'REFUSED_FOR_NOW'; message: string; steps: string[]; retryAfterMs?: number };

export interface WorkflowEdge {
  id: string;
  name: string;
  toStatus: string;
}

/** Learned edges per project: status → the transitions available from it. */
export type WorkflowMemory = Map<string, Map<string, WorkflowEdge[]>>;

export async function transitionToStatus(
  issues: Pick<IssueSystem, 'getWorkflowState' | 'transitionIssue'>,
  issue: { key: string; projectKey: string },
  target: string,
  memory: WorkflowMemory,
  maxSteps = 6,
): Promise<TransitionOutcome> {
  const steps: string[] = [];
  const visited = new Set<string>();
  let edgesOfProject = memory.get(issue.projectKey);
  if (!edgesOfProject) memory.set(issue.projectKey, (edgesOfProject = new Map()));
  let started: string | undefined;
  /** The last step Jira refused, and the status it was refused in: decided by the next read. */
  let refused: { status: string; message: string } | undefined;

  // Each round is one read and at most one transition; rounds after a lost answer count too.
  for (let round = 0; round <= maxSteps; round++) {
    const state = await issues.getWorkflowState(issue.key);
    if (!state) return { ok: false, code: 'ISSUE_NOT_FOUND', message: `${issue.key} no longer exists or is not visible`, steps };
    const current = state.status;
    started ??= current;
    if (refused?.status === current) return { ok: false, code: 'TRANSITION_FAILED', message: refused.message, steps };
    refused = undefined;
    if (current === target) return { ok: true, steps, status: current };
    if (round === maxSteps) break;
    visited.add(current);
    edgesOfProject.set(current, state.transitions);
    const next = chooseNext(edgesOfProject, state.transitions, target, visited);
    if (!next) return { ok: false, code: 'NO_PATH', message: `no transition from "${current}" leads towards "${target}"`, steps };
    const outcome = await issues.transitionIssue(issue.key, next.id);
    if (outcome.ok) {
      steps.push(next.name);
      // Jira confirmed the step: reading again only to see the target would cost a call per walk.
      if (next.toStatus === target) return { ok: true, steps, status: target };
      continue;
    }
    const disposition = outcome.error.disposition ?? 'failed';
    if (disposition === 'refusedForNow') {
      return {
        ok: false,
        code: 'REFUSED_FOR_NOW',
        message: `${next.name} (${current} → ${next.toStatus}) refused for now: ${outcome.error.message}`,
        steps,
        ...(outcome.error.retryAfterMs !== undefined ? { retryAfterMs: outcome.error.retryAfterMs } : {}),
      };
    }
    if (disposition === 'failed') {
      // Refused where the issue still is: a real refusal. Moved meanwhile: carry on from there.
      refused = { status: current, message: `${next.name} (${current} → ${next.toStatus}) refused: ${outcome.error.message}` };
      visited.delete(current);
      continue;
    }
    // Unknown: it may have happened. Never sent again blindly; the next round reads where the issue is.
    visited.delete(current);
  }
  return { ok: false, code: 'NO_PATH', message: `no path from "${started ?? '?'}" to "${target}" within ${maxSteps} transitions`, steps };
}

/** A direct transition, else the first step of a known path, else a status not explored yet. */
function chooseNext(edges: Map<string, WorkflowEdge[]>, available: readonly WorkflowEdge[], target: string, visited: Set<string>): WorkflowEdge | undefined {
  return available.find((t) => t.toStatus === target) ?? available.find((t) => pathExists(edges, t.toStatus, target, visited)) ?? available.find((t) => !visited.has(t.toStatus));
}

/** Breadth-first search over the edges learned so far. */
function pathExists(edges: Map<string, WorkflowEdge[]>, from: string, target: string, avoid: Set<string>): boolean {
  const queue = [from];
  const seen = new Set(avoid);
  seen.add(from);
  while (queue.length > 0) {
    const status = queue.shift()!;
    if (status === target) return true;
    for (const edge of edges.get(status) ?? []) {
      if (!seen.has(edge.toStatus)) {
        seen.add(edge.toStatus);
        queue.push(edge.toStatus);
      }
    }
  }
  return false;
}

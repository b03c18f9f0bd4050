/**
 * Moves an issue to a target status through its workflow. Jira only tells which transitions
 * are available from the current status, so the walk learns the workflow as it goes (and
 * remembers it per project): take a direct transition when there is one, else the first step
 * of a known path, else explore a status not seen yet. Bounded, so a workflow with no path
 * ends in a reported failure rather than a loop.
 */
import type { IssueSystem } from './ports.js';

export type TransitionOutcome = { ok: true; steps: string[] } | { ok: false; code: 'NO_PATH' | 'TRANSITION_FAILED'; message: string; steps: string[] };

/** Learned edges per project: status → (transition id, target status). */
export type WorkflowMemory = Map<string, Map<string, Array<{ id: string; name: string; toStatus: string }>>>;

export async function transitionToStatus(
  issues: Pick<IssueSystem, 'getTransitions' | 'transitionIssue'>,
  issue: { key: string; projectKey: string; status: string },
  target: string,
  memory: WorkflowMemory,
  maxSteps = 6,
): Promise<TransitionOutcome> {
  const steps: string[] = [];
  const visited = new Set([issue.status]);
  let current = issue.status;
  let edgesOfProject = memory.get(issue.projectKey);
  if (!edgesOfProject) memory.set(issue.projectKey, (edgesOfProject = new Map()));

  while (current !== target) {
    if (steps.length >= maxSteps) return { ok: false, code: 'NO_PATH', message: `no path from "${issue.status}" to "${target}" within ${maxSteps} transitions`, steps };
    const available = await issues.getTransitions(issue.key);
    edgesOfProject.set(current, available);
    const next =
      available.find((t) => t.toStatus === target) ??
      available.find((t) => pathExists(edgesOfProject!, t.toStatus, target, visited)) ??
      available.find((t) => !visited.has(t.toStatus));
    if (!next) return { ok: false, code: 'NO_PATH', message: `no transition from "${current}" leads towards "${target}"`, steps };
    const outcome = await issues.transitionIssue(issue.key, next.id);
    if (!outcome.ok) return { ok: false, code: 'TRANSITION_FAILED', message: `${next.name} (${current} → ${next.toStatus}) refused: ${outcome.error.message}`, steps };
    steps.push(next.name);
    current = next.toStatus;
    visited.add(current);
  }
  return { ok: true, steps };
}

/** Breadth-first search over the edges learned so far. */
function pathExists(edges: Map<string, Array<{ toStatus: string }>>, from: string, target: string, avoid: Set<string>): boolean {
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

/** RCA stages created when an incident is resolved, with due times counted from the resolution. */
import type { IncidentsConfig } from '../../config/schemas/incidents.js';

export interface RcaStagePlan {
  name: string;
  dueAt: Date;
  /** Jira `duedate` (a calendar date, UTC): Jira due dates carry no time of day. */
  dueDate: string;
  assigneeAccountId: string | null;
}

export function planRcaStages(rca: IncidentsConfig['rca'], input: { resolvedAt: Date; incidentManagerAccountId: string | null; serviceOwnerAccountId: string | null }): RcaStagePlan[] {
  return rca.stages.map((stage) => {
    const dueAt = new Date(input.resolvedAt.getTime() + stage.dueHours * 3_600_000);
    return {
      name: stage.name,
      dueAt,
      dueDate: dueAt.toISOString().slice(0, 10),
      assigneeAccountId: stage.assignee === 'incidentManager' ? input.incidentManagerAccountId : input.serviceOwnerAccountId,
    };
  });
}

/** Stages past due and not finished, which have not been reported yet. */
export function findOverdueStages<T extends { dueAt: Date; status: string; notifiedOverdueAt: Date | null }>(stages: readonly T[], now: Date): T[] {
  return stages.filter((s) => s.status !== 'done' && s.notifiedOverdueAt === null && s.dueAt.getTime() < now.getTime());
}

export type CloseGuardDecision = { kind: 'allow' } | { kind: 'revert'; toStatus: string; openSubtasks: string[] } | { kind: 'warn'; openSubtasks: string[] };

/** An incident moved to its closed status while sub-tasks are open is moved back (block) or only warned about. */
export function decideCloseGuard(input: {
  status: string;
  previousStatus: string;
  closedStatus: string;
  fallbackStatus: string;
  openSubtasks: readonly string[];
  mode: 'block' | 'warn';
}): CloseGuardDecision {
  if (input.status !== input.closedStatus || input.openSubtasks.length === 0) return { kind: 'allow' };
  if (input.mode === 'warn') return { kind: 'warn', openSubtasks: [...input.openSubtasks] };
  // If we never saw it open before it closed, go back to the resolved status Close comes from.
  const toStatus = input.previousStatus !== input.closedStatus ? input.previousStatus : input.fallbackStatus;
  return { kind: 'revert', toStatus, openSubtasks: [...input.openSubtasks] };
}

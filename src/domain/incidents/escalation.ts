/**
 * The escalation walk: a new incident notifies the first step of its service's chain; each step
 * waits its minutes for an acknowledgement, then the next one is notified. Acknowledged incidents,
 * and chains walked to the end, stop. Pure: the caller supplies `now` (a fake clock in tests).
 */
export interface EscalationState {
  /** Index of the step notified last; -1 when nobody has been notified yet. */
  step: number;
  /** When that step was notified. */
  notifiedAt: Date | null;
  acknowledged: boolean;
}

export type EscalationAction = { kind: 'wait'; untilMs: number } | { kind: 'notify'; step: number } | { kind: 'stop'; reason: 'acknowledged' | 'exhausted' };

export function planEscalation(chain: ReadonlyArray<{ waitMinutes: number }>, state: EscalationState, now: Date): EscalationAction {
  if (state.acknowledged) return { kind: 'stop', reason: 'acknowledged' };
  if (state.step < 0 || state.notifiedAt === null) return chain.length > 0 ? { kind: 'notify', step: 0 } : { kind: 'stop', reason: 'exhausted' };
  const current = chain[state.step];
  if (!current) return { kind: 'stop', reason: 'exhausted' };
  const dueMs = state.notifiedAt.getTime() + current.waitMinutes * 60_000;
  if (now.getTime() < dueMs) return { kind: 'wait', untilMs: dueMs };
  return state.step + 1 < chain.length ? { kind: 'notify', step: state.step + 1 } : { kind: 'stop', reason: 'exhausted' };
}

/**
 * Whether people acknowledged the incident: it reached an acknowledged status, or someone other
 * than the configured incident assignee now holds it (a person took it).
 */
export function isAcknowledged(issue: { status: string; assigneeAccountId: string | null }, rules: { acknowledgedStatuses: readonly string[]; initialAssigneeAccountId: string | null }): boolean {
  if (rules.acknowledgedStatuses.includes(issue.status)) return true;
  return issue.assigneeAccountId !== null && issue.assigneeAccountId !== rules.initialAssigneeAccountId;
}

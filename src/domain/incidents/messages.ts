/** Texts people read: the resolution comment on cases, escalation and overdue notifications, guard comments. */

/** Replaces `{name}` placeholders; unknown placeholders stay as written so a typo is visible. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

export interface IncidentSummary {
  key: string;
  url: string;
  service: string;
  severity: string;
  linkedCaseCount: number;
}

export function formatEscalationMessage(
  incident: IncidentSummary,
  step: { step: number; contactName: string; waitMinutes: number; isLast: boolean },
  acknowledgedStatus: string,
): { subject: string; text: string } {
  const next = step.isLast ? 'This is the last step of the on-call chain.' : `If nobody acknowledges within ${step.waitMinutes} minutes, the next person in the chain is notified.`;
  return {
    subject: `[${incident.severity}] Incident ${incident.key} on ${incident.service}: please acknowledge`,
    text: `${step.contactName}: incident ${incident.key} (${incident.severity}) on ${incident.service} needs an owner. ${incident.linkedCaseCount} case(s) linked. Acknowledge by moving it to ${acknowledgedStatus} or assigning it: ${incident.url}\nEscalation step ${step.step + 1}. ${next}`,
  };
}

export function formatOverdueMessage(incidentKey: string, stage: { name: string; issueKey: string | null; dueAt: Date }): { subject: string; text: string } {
  return {
    subject: `Overdue: ${stage.name} of ${incidentKey}`,
    text: `The ${stage.name} of incident ${incidentKey}${stage.issueKey ? ` (${stage.issueKey})` : ''} was due at ${stage.dueAt.toISOString()} and is not done.`,
  };
}

export function formatCloseBlockedComment(openSubtasks: readonly string[], mode: 'block' | 'warn', toStatus?: string): string {
  const list = openSubtasks.join(', ');
  return mode === 'block'
    ? `casebridge moved this incident back to ${toStatus}: it cannot be closed while sub-tasks are open (${list}). Close them first.`
    : `Warning from casebridge: this incident was closed while sub-tasks are still open (${list}).`;
}

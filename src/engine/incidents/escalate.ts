/**
 * The escalation walk over open incidents: reads each incident's issue to see whether someone
 * acknowledged it (acknowledged status, or another assignee), else notifies the next step of the
 * service's on-call chain once the current step's minutes are up. Every step goes to the audit log.
 * A step is claimed in the store before anyone is notified, so two walkers never notify it twice.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { advanceEscalation, listActiveIncidents, stopEscalation } from '../../adapters/store/incident-tracking.js';
import { isAcknowledged, planEscalation } from '../../domain/incidents/escalation.js';
import { formatEscalationMessage } from '../../domain/incidents/messages.js';
import type { EngineContext } from '../context.js';
import { applyAcknowledgementsInJira } from './acknowledge.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export interface EscalationOutcome {
  notified: Array<{ incidentId: number; issueKey: string; step: number; contactId: string }>;
  acknowledged: number[];
  exhausted: number[];
}

export async function runEscalation(ctx: EngineContext, deps: IncidentDeps, options: { incidentIds?: readonly number[] } = {}): Promise<EscalationOutcome> {
  const outcome: EscalationOutcome = { notified: [], acknowledged: [], exhausted: [] };
  const now = nowOf(deps);
  const candidates = (await listActiveIncidents(ctx.db)).filter((i) => i.issueKey !== null && i.escalationStopped === null && (!options.incidentIds || options.incidentIds.includes(i.id)));
  if (candidates.length === 0) {
    await followAcknowledgements(ctx, deps);
    return outcome;
  }
  const issues = await issuesOf(ctx, deps).getIssues(candidates.map((i) => i.issueKey!));
  const issueByKey = new Map(issues.map((i) => [i.key, i]));
  const audit: AuditEntry[] = [];

  for (const incident of candidates) {
    const issue = issueByKey.get(incident.issueKey!);
    const acknowledged =
      incident.resolvedAt !== null ||
      (issue !== undefined &&
        isAcknowledged(
          { status: issue.status, assigneeAccountId: issue.assignee?.accountId ?? null },
          { acknowledgedStatuses: [...deps.config.jira.acknowledgedStatuses, ...deps.config.jira.resolvedStatuses, deps.config.jira.closedStatus], initialAssigneeAccountId: incident.initialAssignee },
        ));
    const chain = deps.owners.services[incident.service]?.chain ?? [];
    const action = planEscalation(chain, { step: incident.escalationStep, notifiedAt: incident.escalationNotifiedAt, acknowledged }, now);
    if (action.kind === 'wait') continue;
    if (action.kind === 'stop') {
      await stopEscalation(ctx.db, incident.id, action.reason, now);
      (action.reason === 'acknowledged' ? outcome.acknowledged : outcome.exhausted).push(incident.id);
      audit.push({
        system: 'casebridge',
        objectType: 'incident',
        objectId: incident.issueKey,
        action: `escalation-${action.reason}`,
        after: { step: incident.escalationStep, status: issue?.status ?? null, assignee: issue?.assignee?.accountId ?? null },
        note: action.reason === 'acknowledged' ? 'escalation stopped: acknowledged' : 'escalation stopped: the chain has no further step',
      });
      continue;
    }
    const step = chain[action.step]!;
    if (!(await advanceEscalation(ctx.db, incident.id, incident.escalationStep, action.step, now))) continue;
    const contact = deps.owners.contacts[step.contact];
    if (!contact) continue;
    const message = formatEscalationMessage(
      {
        key: incident.issueKey!,
        url: issue?.url ?? issuesOf(ctx, deps).browseUrl(incident.issueKey!),
        service: incident.service,
        severity: incident.severity,
        linkedCaseCount: incident.linkedCaseCount,
      },
      { step: action.step, contactName: contact.name, waitMinutes: step.waitMinutes, isLast: action.step === chain.length - 1 },
      deps.config.jira.acknowledgedStatuses[0]!,
    );
    const sent = await deps.notifier.notifyContact(contact, message);
    outcome.notified.push({ incidentId: incident.id, issueKey: incident.issueKey!, step: action.step, contactId: step.contact });
    audit.push({
      system: 'casebridge',
      objectType: 'incident',
      objectId: incident.issueKey,
      action: 'escalate',
      after: { step: action.step, contact: step.contact, at: now.toISOString(), channels: sent },
    });
    for (const channel of sent) {
      audit.push({
        system: channel.channel,
        objectType: 'notification',
        objectId: incident.issueKey,
        action: channel.ok ? 'sent' : 'failed',
        after: { target: channel.target, subject: message.subject },
        note: channel.error ?? null,
      });
    }
  }
  await appendAudit(ctx.db, audit);
  await followAcknowledgements(ctx, deps);
  return outcome;
}

/**
 * Acknowledgements made outside Jira (console, PagerDuty) reach the Jira issue; then the pager
 * (PagerDuty) follows what was decided: paged once the chain started, acknowledged, resolved.
 */
async function followAcknowledgements(ctx: EngineContext, deps: IncidentDeps): Promise<void> {
  await applyAcknowledgementsInJira(ctx, deps);
  if (deps.pager) await deps.pager.syncPages(ctx, deps);
}

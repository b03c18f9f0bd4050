/** Overdue RCA stages: notified once to the incident manager and the service owner, and audited. */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { getTrackedIncident } from '../../adapters/store/incident-tracking.js';
import { claimOverdueRcaStages } from '../../adapters/store/rca-stages.js';
import { formatOverdueMessage } from '../../domain/incidents/messages.js';
import type { EngineContext } from '../context.js';
import { nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export async function runRcaOverdue(ctx: EngineContext, deps: IncidentDeps): Promise<Array<{ stageId: number; incidentKey: string | null }>> {
  const now = nowOf(deps);
  const overdue = await claimOverdueRcaStages(ctx.db, now);
  const reported: Array<{ stageId: number; incidentKey: string | null }> = [];
  const audit: AuditEntry[] = [];
  for (const stage of overdue) {
    const incident = await getTrackedIncident(ctx.db, stage.incidentId);
    if (!incident) continue;
    const message = formatOverdueMessage(incident.issueKey ?? `#${incident.id}`, { name: stage.stage, issueKey: stage.issueKey, dueAt: stage.dueAt });
    const recipients = [...new Set([deps.config.rca.incidentManager, deps.owners.services[incident.service]?.owner].filter((c): c is string => Boolean(c)))];
    for (const contactId of recipients) {
      const contact = deps.owners.contacts[contactId];
      if (!contact) continue;
      const sent = await deps.notifier.notifyContact(contact, message);
      audit.push({
        system: 'casebridge',
        objectType: 'rca-stage',
        objectId: stage.issueKey ?? String(stage.id),
        action: 'overdue-notified',
        after: { contact: contactId, dueAt: stage.dueAt.toISOString(), channels: sent },
      });
    }
    reported.push({ stageId: stage.id, incidentKey: incident.issueKey });
  }
  await appendAudit(ctx.db, audit);
  return reported;
}

/**
 * Keeps an incident and its cases telling the same story: the incident's counts (in the store and
 * on the Jira issue) follow its linked cases, and each linked case shows the incident key (and
 * status, when a field is configured). Only what changed is written, in batched updates.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { listCasesOfIncident, markInformed } from '../../adapters/store/incident-cases.js';
import { updateIncident } from '../../adapters/store/incidents.js';
import { getTrackedIncident, raiseSeverity } from '../../adapters/store/incident-tracking.js';
import { countCorporateAccounts } from '../../domain/incidents/opening.js';
import { fitCaseText } from '../../domain/sync/case-text-limits.js';
import type { EngineContext } from '../context.js';
import { issuesOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export async function refreshIncident(ctx: EngineContext, deps: IncidentDeps, incidentId: number, correlationId?: string): Promise<void> {
  const incident = await getTrackedIncident(ctx.db, incidentId);
  if (!incident) return;
  const members = await listCasesOfIncident(ctx.db, incidentId);
  const linkedCaseCount = members.length;
  const corporateAccountsAffected = countCorporateAccounts(members, deps.config.opening.corporateTiers);
  const audit: AuditEntry[] = [];
  if (incident.issueKey && (linkedCaseCount !== incident.linkedCaseCount || corporateAccountsAffected !== incident.corporateAccountsAffected)) {
    const { fields } = deps.config.jira;
    const edit = { [fields.linkedCases]: linkedCaseCount, [fields.corporateAccountsAffected]: corporateAccountsAffected };
    const result = await issuesOf(ctx, deps).updateIssue(incident.issueKey!, edit);
    if (result.ok) {
      await updateIncident(ctx.db, incidentId, { linkedCaseCount, corporateAccountsAffected });
      audit.push({
        system: 'jira',
        objectType: 'incident',
        objectId: incident.issueKey,
        action: 'update',
        before: { linkedCases: incident.linkedCaseCount, corporateAccountsAffected: incident.corporateAccountsAffected },
        after: { linkedCases: linkedCaseCount, corporateAccountsAffected },
        correlationId,
      });
    } else {
      ctx.logger.warn({ issueKey: incident.issueKey, error: result.error }, 'updating incident counts failed');
    }
  }
  // Once resolved, the resolution fan-out tells each case the key and status together with the
  // resolution itself (claimed per case, so concurrent watchers do not write twice).
  if (incident.issueKey && incident.resolvedAt === null) {
    const statusField = deps.config.cases.incidentStatusField;
    const stale = members.filter((m) => m.informedKey !== incident.issueKey || (statusField !== undefined && m.informedStatus !== incident.status));
    if (stale.length > 0) {
      const fields: Record<string, unknown> = { [deps.config.cases.incidentKeyField]: incident.issueKey, ...(statusField ? { [statusField]: fitCaseText(statusField, incident.status) } : {}) };
      const results = await ctx.cases.updateCases(stale.map((m) => ({ id: m.caseId, fields })));
      const written = stale.filter((_, index) => results[index]?.ok).map((m) => m.caseId);
      await markInformed(ctx.db, written, { key: incident.issueKey, status: incident.status });
      for (const caseId of written)
        audit.push({ system: 'salesforce', objectType: 'Case', objectId: caseId, action: 'update', after: fields, correlationId, note: `linked to incident ${incident.issueKey}` });
      const failed = stale.length - written.length;
      if (failed > 0) ctx.logger.warn({ issueKey: incident.issueKey, failed }, 'some linked cases could not be told the incident key');
    }
  }
  await appendAudit(ctx.db, audit);
}

/** Raises the incident's severity in the store and on its issue when a more severe case joins. */
export async function raiseIncidentSeverity(
  ctx: EngineContext,
  deps: IncidentDeps,
  incident: { id: number; issueKey: string | null; severity: string },
  severity: string,
  correlationId?: string,
): Promise<void> {
  if (!(await raiseSeverity(ctx.db, incident.id, incident.severity, severity))) return;
  if (incident.issueKey) {
    const result = await issuesOf(ctx, deps).updateIssue(incident.issueKey!, { [deps.config.jira.fields.severity]: { value: severity } });
    if (!result.ok) ctx.logger.warn({ issueKey: incident.issueKey, error: result.error }, 'raising the incident severity in Jira failed');
  }
  await appendAudit(ctx.db, [
    {
      system: 'casebridge',
      objectType: 'incident',
      objectId: incident.issueKey ?? String(incident.id),
      action: 'severity-raised',
      before: { severity: incident.severity },
      after: { severity },
      correlationId,
    },
  ]);
}

/**
 * What happens once when an incident is resolved: every linked case gets the resolution (status per
 * config and a public comment, in batched writes), and the RCA stages become sub-tasks with due
 * dates counted from the resolution.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { claimResolutionNotices, markInformed, releaseResolutionNotices } from '../../adapters/store/incident-cases.js';
import type { TrackedIncident } from '../../adapters/store/incident-tracking.js';
import { claimRcaStages } from '../../adapters/store/rca-stages.js';
import { renderTemplate } from '../../domain/incidents/messages.js';
import { planRcaStages } from '../../domain/incidents/rca.js';
import { fitCaseText } from '../../domain/sync/case-text-limits.js';
import type { EngineContext } from '../context.js';
import { accountIdOf } from './deps.js';
import { createStageIssues } from './rca-subtasks.js';
import type { IncidentDeps } from './deps.js';

/** Tells every linked case not yet told; returns how many cases were updated. */
export async function fanOutResolution(ctx: EngineContext, deps: IncidentDeps, incident: TrackedIncident & { issueKey: string }, resolvedAt: Date, correlationId?: string): Promise<number> {
  const pending = await claimResolutionNotices(ctx.db, incident.id, resolvedAt);
  if (pending.length === 0) return 0;
  const { cases } = deps.config;
  const fields: Record<string, unknown> = { [cases.incidentKeyField]: incident.issueKey };
  if (cases.resolvedCaseStatus) fields.Status = cases.resolvedCaseStatus;
  // Cut to the field: a Jira status name may run to 255 characters, and one over the field's length keeps the whole update off the case.
  if (cases.incidentStatusField) fields[cases.incidentStatusField] = fitCaseText(cases.incidentStatusField, incident.status);
  const body = renderTemplate(cases.resolutionComment, { key: incident.issueKey, service: incident.service, status: incident.status, resolvedAt: resolvedAt.toISOString() });

  let told: string[] = [];
  try {
    const updates = await ctx.cases.updateCases(pending.map((m) => ({ id: m.caseId, fields })));
    const updated = pending.filter((_, index) => updates[index]?.ok);
    // Comments only on cases whose update went through; a case whose comment failed is tried again
    // (its update is idempotent), a comment that went through is never posted twice.
    const comments = await ctx.cases.createComments(updated.map((m) => ({ caseId: m.caseId, body, isPublished: true })));
    told = updated.filter((_, index) => comments[index]?.ok).map((m) => m.caseId);
    // The key and status went out with the resolution: informing them again would be a second write.
    await markInformed(
      ctx.db,
      updated.map((m) => m.caseId),
      { key: incident.issueKey, status: incident.status },
    );
  } finally {
    await releaseResolutionNotices(
      ctx.db,
      pending.map((m) => m.caseId).filter((id) => !told.includes(id)),
    );
  }
  const audit: AuditEntry[] = told.map((caseId) => ({ system: 'salesforce', objectType: 'Case', objectId: caseId, action: 'incident-resolved', after: { ...fields, comment: body }, correlationId }));
  await appendAudit(ctx.db, audit);
  if (told.length < pending.length)
    ctx.logger.warn({ issueKey: incident.issueKey, failed: pending.length - told.length }, 'some linked cases were not told of the resolution; the next watch retries them');
  return told.length;
}

/** Creates the RCA sub-tasks once (claimed per stage in the store); returns the keys created. */
export async function createRcaStages(ctx: EngineContext, deps: IncidentDeps, incident: TrackedIncident & { issueKey: string }, resolvedAt: Date, correlationId?: string): Promise<string[]> {
  const ownership = deps.owners.services[incident.service];
  const plans = planRcaStages(deps.config.rca, {
    resolvedAt,
    incidentManagerAccountId: accountIdOf(deps, deps.config.rca.incidentManager),
    serviceOwnerAccountId: accountIdOf(deps, ownership?.owner),
  });
  const claimed = await claimRcaStages(
    ctx.db,
    incident.id,
    plans.map((p) => ({ stage: p.name, assignee: p.assigneeAccountId, dueAt: p.dueAt })),
  );
  return createStageIssues(ctx, deps, incident, claimed, correlationId);
}

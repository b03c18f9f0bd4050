/**
 * The incident's Jira issue: created once by whoever opened the incident row, kept current
 * (linked-case count, corporate accounts affected), and found again by label after a crash.
 */
import type { IssueDraft } from '../../domain/sync/records.js';
import { appendAudit } from '../../adapters/store/audit-log.js';
import { updateIncident } from '../../adapters/store/incidents.js';
import type { Incident } from '../../adapters/store/incidents.js';
import type { IncidentCase } from '../../adapters/store/incident-cases.js';
import { countCorporateAccounts } from '../../domain/incidents/opening.js';
import type { EngineContext } from '../context.js';
import { accountIdOf, issuesOf, toJiraDateTime } from './deps.js';
import type { IncidentDeps } from './deps.js';

/** The label every incident issue carries: how a crashed create is recovered without a duplicate. */
export const incidentLabel = (incidentId: number) => `casebridge-incident-${incidentId}`;

/** Where an incident came from: support cases, or a monitoring alert (its source named). */
export type IncidentOrigin = { kind: 'cases' } | { kind: 'alert'; source: string };

export function buildIncidentDraft(deps: IncidentDeps, incident: Incident, members: readonly IncidentCase[], firstSubject: string, origin: IncidentOrigin = { kind: 'cases' }): IssueDraft {
  const { fields } = deps.config.jira;
  const ownership = deps.owners.services[incident.service];
  const startedAt = members.reduce((min, m) => (m.caseCreatedAt < min ? m.caseCreatedAt : min), incident.startedAt);
  return {
    caseId: `incident-${incident.id}`,
    projectKey: deps.config.jira.project,
    issueType: deps.config.jira.issueType,
    summary: `[${incident.severity}] ${incident.service}: ${firstSubject}`.slice(0, 250),
    description: [
      `Opened by casebridge from ${origin.kind === 'cases' ? 'support cases' : `a ${origin.source} alert`} on ${incident.service} (${ownership?.team ?? 'unknown team'}).`,
      `Linked cases: ${members.map((m) => m.caseId).join(', ') || 'none yet'}.`,
    ].join('\n'),
    labels: [origin.kind === 'cases' ? 'from-support' : 'from-monitoring', incidentLabel(incident.id)],
    components: [],
    assigneeAccountId: accountIdOf(deps, ownership?.incidentAssignee) ?? undefined,
    fields: {
      [fields.affectedService]: incident.service,
      [fields.severity]: { value: incident.severity },
      [fields.startedAt]: toJiraDateTime(startedAt),
      [fields.linkedCases]: members.length,
      [fields.corporateAccountsAffected]: countCorporateAccounts(members, deps.config.opening.corporateTiers),
    },
  };
}

/** Creates the issue (after looking for one a crashed attempt left) and records its key. */
export async function createIncidentIssue(
  ctx: EngineContext,
  deps: IncidentDeps,
  incident: Incident,
  members: readonly IncidentCase[],
  firstSubject: string,
  correlationId?: string,
  origin: IncidentOrigin = { kind: 'cases' },
): Promise<string | null> {
  const issues = issuesOf(ctx, deps);
  const existing = await issues.findIssuesByLabels([incidentLabel(incident.id)]);
  const found = existing.sort((a, b) => Number(a.id) - Number(b.id))[0];
  if (found) {
    await updateIncident(ctx.db, incident.id, { issueKey: found.key });
    return found.key;
  }
  const draft = buildIncidentDraft(deps, incident, members, firstSubject, origin);
  const [outcome] = await issues.createIssues([draft]);
  if (!outcome?.ok) {
    ctx.logger.error({ incidentId: incident.id, error: outcome?.error }, 'creating the incident issue failed');
    await appendAudit(ctx.db, [
      {
        system: 'jira',
        objectType: 'incident',
        objectId: String(incident.id),
        action: 'create-failed',
        after: { service: incident.service },
        note: outcome?.error.message ?? 'no result',
        correlationId,
      },
    ]);
    return null;
  }
  await updateIncident(ctx.db, incident.id, {
    issueKey: outcome.value.key,
    linkedCaseCount: members.length,
    corporateAccountsAffected: Number(draft.fields[deps.config.jira.fields.corporateAccountsAffected]),
  });
  await appendAudit(ctx.db, [{ system: 'jira', objectType: 'incident', objectId: outcome.value.key, action: 'create', after: { ...draft }, correlationId }]);
  return outcome.value.key;
}

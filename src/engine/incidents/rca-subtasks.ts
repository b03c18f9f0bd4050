/**
 * RCA stages as Jira sub-tasks of the incident. Each carries a label naming its stage row, so a
 * stage whose create failed or whose creator died is found (or else created) once its claim's
 * lease has run out, never duplicated.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { reclaimStaleRcaStages, updateRcaStage } from '../../adapters/store/rca-stages.js';
import type { RcaStage } from '../../adapters/store/rca-stages.js';
import type { IssueDraft } from '../../domain/sync/records.js';
import type { EngineContext } from '../context.js';
import { issuesOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export const rcaStageLabel = (stageId: number) => `casebridge-rca-${stageId}`;

type IncidentRef = { id: number; issueKey: string; service: string };

/** Creates sub-tasks for stages this caller holds; returns the keys created. */
export async function createStageIssues(ctx: EngineContext, deps: IncidentDeps, incident: IncidentRef, stages: readonly RcaStage[], correlationId?: string): Promise<string[]> {
  if (stages.length === 0) return [];
  const issues = issuesOf(ctx, deps);
  const draftOf = (stage: RcaStage, withAssignee: boolean): IssueDraft => ({
    caseId: `incident-${incident.id}-rca-${stage.id}`,
    projectKey: deps.config.jira.project,
    issueType: deps.config.jira.subtaskType,
    summary: `${stage.stage}: ${incident.issueKey} (${incident.service})`,
    description: `Root-cause analysis stage "${stage.stage}" of ${incident.issueKey}, due ${stage.dueAt.toISOString()}.`,
    labels: ['rca', rcaStageLabel(stage.id)],
    components: [],
    assigneeAccountId: withAssignee ? (stage.assignee ?? undefined) : undefined,
    // Jira due dates are calendar dates: the exact due time stays in the store.
    fields: { parent: { key: incident.issueKey }, duedate: stage.dueAt.toISOString().slice(0, 10) },
  });
  let outcomes = await issues.createIssues(stages.map((s) => draftOf(s, true)));
  // A contact who cannot be assigned in the incidents project must not cost the stage: create it unassigned.
  const refusedAssignee = stages.filter((_, i) => {
    const o = outcomes[i];
    return o !== undefined && !o.ok && (o.error.fields ?? []).includes('assignee');
  });
  if (refusedAssignee.length > 0) {
    const retried = await issues.createIssues(refusedAssignee.map((s) => draftOf(s, false)));
    outcomes = outcomes.map((o, i) => {
      const at = refusedAssignee.indexOf(stages[i]!);
      return at >= 0 ? retried[at]! : o;
    });
  }
  const keys: string[] = [];
  const audit: AuditEntry[] = [];
  for (const [index, stage] of stages.entries()) {
    const outcome = outcomes[index];
    if (outcome?.ok) {
      keys.push(outcome.value.key);
      const assigned = !refusedAssignee.includes(stage);
      await updateRcaStage(ctx.db, stage.id, { issueKey: outcome.value.key, ...(assigned ? {} : { assignee: null }) });
      audit.push({
        system: 'jira',
        objectType: 'rca-stage',
        objectId: outcome.value.key,
        action: 'create',
        after: { incident: incident.issueKey, stage: stage.stage, dueAt: stage.dueAt.toISOString(), assignee: assigned ? stage.assignee : null },
        correlationId,
      });
    } else {
      ctx.logger.error({ incident: incident.issueKey, stage: stage.stage, error: outcome?.error }, 'creating an RCA sub-task failed; retried after the lease');
      audit.push({
        system: 'jira',
        objectType: 'rca-stage',
        objectId: incident.issueKey,
        action: 'create-failed',
        after: { stage: stage.stage },
        note: outcome?.error.message ?? 'no result',
        correlationId,
      });
    }
  }
  await appendAudit(ctx.db, audit);
  return keys;
}

/** Stages left without a sub-task past the lease: found by label, or created. Returns keys created or found. */
export async function retryStaleStages(ctx: EngineContext, deps: IncidentDeps, incident: IncidentRef): Promise<string[]> {
  const stale = await reclaimStaleRcaStages(ctx.db, incident.id, ctx.intentLeaseMs);
  if (stale.length === 0) return [];
  const found = await issuesOf(ctx, deps).findIssuesByLabels(stale.map((s) => rcaStageLabel(s.id)));
  const recovered: string[] = [];
  const missing: RcaStage[] = [];
  for (const stage of stale) {
    const issue = found.filter((i) => i.labels.includes(rcaStageLabel(stage.id))).sort((a, b) => Number(a.id) - Number(b.id))[0];
    if (issue) {
      await updateRcaStage(ctx.db, stage.id, { issueKey: issue.key });
      recovered.push(issue.key);
    } else {
      missing.push(stage);
    }
  }
  return [...recovered, ...(await createStageIssues(ctx, deps, incident, missing))];
}

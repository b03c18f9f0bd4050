/**
 * Watches the incidents casebridge opened (the engine's Jira poll covers only the routing projects):
 * reads every incident not yet closed, with its sub-tasks, and acts on what changed:
 *  - resolved → linked cases are told (batched) and the RCA stages are created, once;
 *  - closed while a sub-task is open → moved back to its previous status with a comment (block),
 *    or only commented (warn); closed with every sub-task done → recorded as closed;
 *  - any other status change → recorded, and shown on the cases when a status field is configured;
 *  - RCA sub-task statuses → copied to the RCA stages (what reports and overdue checks read).
 * An incident whose issue was never created (a crash after the row) is created here after the lease.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { AuditEntry } from '../../adapters/store/audit-log.js';
import { listCasesOfIncident } from '../../adapters/store/incident-cases.js';
import { updateIncident } from '../../adapters/store/incidents.js';
import { claimResolution, listActiveIncidents, markIncidentClosed, reclaimIncidentsWithoutIssue } from '../../adapters/store/incident-tracking.js';
import type { TrackedIncident } from '../../adapters/store/incident-tracking.js';
import { listRcaStages, updateRcaStage } from '../../adapters/store/rca-stages.js';
import { formatCloseBlockedComment } from '../../domain/incidents/messages.js';
import { decideCloseGuard } from '../../domain/incidents/rca.js';
import type { IssueRecord } from '../../domain/sync/records.js';
import { InvalidInputError } from '../../errors.js';
import type { EngineContext } from '../context.js';
import { transitionToStatus } from '../transitions.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';
import { createIncidentIssue } from './incident-issue.js';
import { refreshIncident } from './inform-cases.js';
import { createRcaStages, fanOutResolution } from './resolve-incident.js';
import { retryStaleStages } from './rca-subtasks.js';

export interface WatchOutcome {
  resolved: string[];
  reverted: string[];
  warned: string[];
  closed: string[];
  casesInformed: number;
  rcaCreated: string[];
}

interface SubtaskView {
  key: string;
  status: string;
}

export async function runIncidentWatch(ctx: EngineContext, deps: IncidentDeps): Promise<WatchOutcome> {
  const outcome: WatchOutcome = { resolved: [], reverted: [], warned: [], closed: [], casesInformed: 0, rcaCreated: [] };
  const now = nowOf(deps);
  for (const incident of await reclaimIncidentsWithoutIssue(ctx.db, ctx.intentLeaseMs)) {
    await createIncidentIssue(ctx, deps, incident, await listCasesOfIncident(ctx.db, incident.id), 'cases from support');
  }
  const active = await listActiveIncidents(ctx.db);
  const withKeys = active.filter((i): i is TrackedIncident & { issueKey: string } => i.issueKey !== null);
  if (withKeys.length === 0) return outcome;
  const issues = await issuesOf(ctx, deps).getIssues(withKeys.map((i) => i.issueKey));
  const issueByKey = new Map(issues.map((i) => [i.key, i]));
  const stages = await listRcaStages(
    ctx.db,
    withKeys.map((i) => i.id),
  );
  const { jira } = deps.config;

  for (const incident of withKeys) {
    const issue = issueByKey.get(incident.issueKey);
    if (!issue) continue;
    const audit: AuditEntry[] = [];
    const subtasks = readSubtasks(issue);
    for (const stage of stages.filter((s) => s.incidentId === incident.id && s.issueKey)) {
      const seen = subtasks.find((s) => s.key === stage.issueKey);
      const status = seen && jira.subtaskDoneStatuses.includes(seen.status) ? 'done' : 'open';
      if (seen && status !== stage.status) await updateRcaStage(ctx.db, stage.id, { status });
    }
    const openSubtasks = subtasks.filter((s) => !jira.subtaskDoneStatuses.includes(s.status)).map((s) => s.key);

    let status = issue.status;
    if (status === jira.closedStatus) {
      const guard = decideCloseGuard({
        status,
        previousStatus: incident.status,
        closedStatus: jira.closedStatus,
        fallbackStatus: jira.resolvedStatuses[0]!,
        openSubtasks,
        mode: deps.config.rca.closeWithOpenSubtasks,
      });
      if (guard.kind === 'revert') {
        const moved = await transitionToStatus(issuesOf(ctx, deps), issue, guard.toStatus, ctx.workflows);
        const body = formatCloseBlockedComment(guard.openSubtasks, 'block', guard.toStatus);
        // Only the watcher whose move went through explains it: a second one finds nothing to move.
        if (moved.ok) await issuesOf(ctx, deps).addComment(issue.key, body, { casebridge: { origin: 'incident-guard' } });
        audit.push({
          system: 'jira',
          objectType: 'incident',
          objectId: issue.key,
          action: 'close-reverted',
          before: { status },
          after: { status: moved.ok ? guard.toStatus : status, openSubtasks: guard.openSubtasks },
          note: moved.ok ? body : `revert failed: ${moved.message}`,
        });
        if (moved.ok) {
          outcome.reverted.push(issue.key);
          status = guard.toStatus;
        }
      } else {
        if (guard.kind === 'warn') {
          const body = formatCloseBlockedComment(guard.openSubtasks, 'warn');
          await issuesOf(ctx, deps).addComment(issue.key, body, { casebridge: { origin: 'incident-guard' } });
          audit.push({ system: 'jira', objectType: 'incident', objectId: issue.key, action: 'close-warned', after: { openSubtasks: guard.openSubtasks }, note: body });
          outcome.warned.push(issue.key);
        }
        await markIncidentClosed(ctx.db, incident.id, now);
        outcome.closed.push(issue.key);
      }
    }

    const isResolved = jira.resolvedStatuses.includes(status) || status === jira.closedStatus;
    if (isResolved && incident.resolvedAt === null) {
      const resolvedAt = readJiraDate(issue.fields.resolutiondate) ?? now;
      if (await claimResolution(ctx.db, incident.id, resolvedAt, status)) {
        incident.resolvedAt = resolvedAt;
        incident.status = status;
        outcome.resolved.push(issue.key);
        audit.push({ system: 'casebridge', objectType: 'incident', objectId: issue.key, action: 'resolved', after: { status, resolvedAt: resolvedAt.toISOString() } });
        outcome.rcaCreated.push(...(await createRcaStages(ctx, deps, incident, resolvedAt)));
      }
    }
    if (status !== incident.status) {
      audit.push({ system: 'casebridge', objectType: 'incident', objectId: issue.key, action: 'status', before: { status: incident.status }, after: { status } });
      await updateIncident(ctx.db, incident.id, { status });
      incident.status = status;
    }
    // Every run: cases linked after the resolution (or not reached last time) are told too, and
    // stages whose sub-task never appeared are found or created once their claim has lapsed.
    if (incident.resolvedAt !== null) {
      outcome.casesInformed += await fanOutResolution(ctx, deps, incident, incident.resolvedAt);
      outcome.rcaCreated.push(...(await retryStaleStages(ctx, deps, incident)));
    }
    await refreshIncident(ctx, deps, incident.id);
    await appendAudit(ctx.db, audit);
  }
  return outcome;
}

/** Sub-tasks as the parent's `subtasks` field lists them; a read without that field is a wiring bug. */
function readSubtasks(issue: IssueRecord): SubtaskView[] {
  const raw = issue.fields.subtasks;
  if (raw === undefined) throw new InvalidInputError(`the incident issue system must read the "subtasks" field (see incidentJiraFields); ${issue.key} came without it`);
  if (!Array.isArray(raw)) return [];
  return raw.map((entry) => {
    const item = entry as { key?: unknown; fields?: { status?: { name?: unknown } } };
    return { key: String(item.key ?? ''), status: String(item.fields?.status?.name ?? '') };
  });
}

function readJiraDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms);
}

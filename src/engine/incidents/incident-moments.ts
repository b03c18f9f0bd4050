/**
 * Records the moments incident metrics are made of, as they happen: the mitigation (a mitigated
 * status, else the resolution), when RCA stages were done (their sub-task's resolution), the severities held, the open
 * action sub-tasks; and observes each duration in its Prometheus histogram once per incident — the
 * replica whose insert of the (incident, moment) row succeeds observes it, the others skip it.
 */
import {
  listFirstSignals,
  listFollowedIncidents,
  recordMomentOnce,
  recordSeverity,
  listSeverityHistory,
  listStagesDoneWithoutTime,
  setMitigatedOnce,
  setOpenActionSubtasks,
  setStageDoneAt,
} from '../../adapters/store/incident-metrics.js';
import type { IncidentMoment } from '../../adapters/store/incident-metrics.js';
import { listRcaStages } from '../../adapters/store/rca-stages.js';
import { MEASURE_OF_MOMENT, computeDurations } from '../../domain/incidents/metrics.js';
import { incidentTimeTo } from '../../metrics.js';
import type { EngineContext } from '../context.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export interface MomentsOutcome {
  observed: Array<{ incidentId: number; moment: IncidentMoment; seconds: number }>;
}

const LOOKBACK_MS = 2 * 86_400_000;

export async function recordIncidentMoments(ctx: EngineContext, deps: IncidentDeps): Promise<MomentsOutcome> {
  const outcome: MomentsOutcome = { observed: [] };
  const now = nowOf(deps);
  const incidents = await listFollowedIncidents(ctx.db, new Date(now.getTime() - LOOKBACK_MS));
  if (incidents.length === 0) return outcome;
  const ids = incidents.map((i) => i.id);
  await recordStageDoneTimes(ctx, deps, ids, now);
  const signals = await listFirstSignals(ctx.db, ids);
  const mitigatedStatuses = deps.config.stakeholders?.mitigatedStatuses ?? ['Mitigated'];

  for (const incident of incidents) {
    const history = await listSeverityHistory(ctx.db, incident.id);
    if (!history.some((h) => h.severity === incident.severity)) await recordSeverity(ctx.db, incident.id, incident.severity, history.length === 0 ? incident.createdAt : now);
    if (incident.mitigatedAt === null) {
      const mitigatedAt = mitigatedStatuses.includes(incident.status) ? now : incident.resolvedAt;
      if (mitigatedAt && (await setMitigatedOnce(ctx.db, incident.id, mitigatedAt))) incident.mitigatedAt = mitigatedAt;
    }
    const signal = signals.get(incident.id);
    const firsts = [signal?.firstCaseAt, signal?.firstAlertAt].filter((d): d is Date => d instanceof Date);
    const acks = [incident.acknowledgedAt, signal?.pageAcknowledgedAt].filter((d): d is Date => d instanceof Date);
    const moments = { openedAt: incident.createdAt, acknowledgedAt: earliest(acks), mitigatedAt: incident.mitigatedAt, resolvedAt: incident.resolvedAt };
    const durations = computeDurations({ ...moments, firstSignalAt: earliest(firsts) });
    const at: Record<IncidentMoment, Date | null> = {
      opened: moments.openedAt,
      acknowledged: moments.acknowledgedAt,
      mitigated: moments.mitigatedAt ?? moments.resolvedAt,
      resolved: moments.resolvedAt,
    };
    for (const moment of Object.keys(at) as IncidentMoment[]) {
      const ms = durations[MEASURE_OF_MOMENT[moment]];
      if (at[moment] === null || ms === null) continue;
      if (!(await recordMomentOnce(ctx.db, incident.id, moment, at[moment]!, ms / 1000))) continue;
      incidentTimeTo[MEASURE_OF_MOMENT[moment]].observe({ severity: incident.severity }, ms / 1000);
      outcome.observed.push({ incidentId: incident.id, moment, seconds: ms / 1000 });
    }
  }
  await recordOpenActionSubtasks(ctx, deps, incidents);
  return outcome;
}

/** Sub-tasks of the open incident issues that are not RCA stages and not done: the RCA action items still open. */
async function recordOpenActionSubtasks(ctx: EngineContext, deps: IncidentDeps, incidents: Awaited<ReturnType<typeof listFollowedIncidents>>): Promise<void> {
  const open = incidents.filter((i) => i.issueKey !== null && i.closedAt === null && i.resolvedAt !== null);
  if (open.length === 0) return;
  const stageKeys = new Set(
    (
      await listRcaStages(
        ctx.db,
        open.map((i) => i.id),
      )
    ).map((s) => s.issueKey),
  );
  const issues = await issuesOf(ctx, deps).getIssues(open.map((i) => i.issueKey!));
  const done = deps.config.jira.subtaskDoneStatuses;
  for (const incident of open) {
    const raw = issues.find((i) => i.key === incident.issueKey)?.fields.subtasks;
    if (!Array.isArray(raw)) continue;
    const keys = (raw as Array<{ key?: unknown; fields?: { status?: { name?: unknown } } }>)
      .filter((s) => !stageKeys.has(String(s.key)) && !done.includes(String(s.fields?.status?.name ?? '')))
      .map((s) => String(s.key))
      .sort();
    if (keys.join() !== incident.openActionSubtasks.join()) await setOpenActionSubtasks(ctx.db, incident.id, keys);
  }
}

/**
 * When each RCA stage seen done was done: its sub-task's Jira resolution date (so a stage done while
 * casebridge was not looking is not judged late), else now.
 */
async function recordStageDoneTimes(ctx: EngineContext, deps: IncidentDeps, incidentIds: readonly number[], now: Date): Promise<void> {
  const stages = await listStagesDoneWithoutTime(ctx.db, incidentIds);
  if (stages.length === 0) return;
  const keys = stages.map((s) => s.issueKey).filter((k): k is string => k !== null);
  const issues = keys.length === 0 ? [] : await issuesOf(ctx, deps).getIssues(keys);
  for (const stage of stages) {
    const resolved = issues.find((i) => i.key === stage.issueKey)?.fields.resolutiondate;
    const ms = typeof resolved === 'string' ? Date.parse(resolved.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
    await setStageDoneAt(ctx.db, stage.id, Number.isNaN(ms) ? now : new Date(ms));
  }
}

function earliest(dates: readonly Date[]): Date | null {
  return dates.length === 0 ? null : new Date(Math.min(...dates.map((d) => d.getTime())));
}

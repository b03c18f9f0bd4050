/**
 * Alert work, taken from the `incident_alerts` outbox: a firing incident alert opens its service's
 * incident through the one opening path (openServiceIncident) or joins the open one, noted on the
 * incident issue once; a notify-only alert tells the service owner (after quiet hours); a resolved
 * alert is recorded on its incident, and when every alert of it resolved the incident may move
 * (Mitigated). Each row is claimed (SKIP LOCKED) and each effect by a one-time marker, so replicas
 * and re-sends never do anything twice.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../adapters/store/audit-log.js';
import { claimAlertMarker, claimPendingAlerts, deferAlert, finishAlert, linkAlertToIncident, listAlertsOfIncident, releaseAlertMarker } from '../../adapters/store/incident-alerts.js';
import type { StoredAlert } from '../../adapters/store/incident-alerts.js';
import { getTrackedIncident } from '../../adapters/store/incident-tracking.js';
import { endOfQuietHours, isInQuietHours } from '../../domain/alerts/quiet-hours.js';
import type { Severity } from '../../domain/incidents/opening.js';
import type { EngineContext } from '../context.js';
import { transitionToStatus } from '../transitions.js';
import { DEFAULT_ALERT_LEASE_MS } from './alert-deps.js';
import type { AlertDeps } from './alert-deps.js';
import { formatAlertJoinedComment, formatAlertResolvedComment, formatOwnerNotice } from './alert-messages.js';
import { issuesOf, nowOf } from './deps.js';
import { runEscalation } from './escalate.js';
import { createIncidentIssue } from './incident-issue.js';
import { raiseIncidentSeverity } from './inform-cases.js';
import { openServiceIncident } from './open-incidents.js';

export interface AlertProcessOutcome {
  opened: Array<{ incidentId: number; issueKey: string | null; alertId: number }>;
  joined: Array<{ incidentId: number; alertId: number }>;
  ownersNotified: number[];
  held: number[];
  resolutionsRecorded: number[];
}

type Step = { kind: 'done' } | { kind: 'later'; notifyAfter: Date | null };

export async function processPendingAlerts(ctx: EngineContext, deps: AlertDeps, options: { ids?: readonly number[]; limit?: number } = {}): Promise<AlertProcessOutcome> {
  const outcome: AlertProcessOutcome = { opened: [], joined: [], ownersNotified: [], held: [], resolutionsRecorded: [] };
  const now = nowOf(deps.incidents);
  const claimed = await claimPendingAlerts(ctx.db, { now, leaseMs: deps.claimLeaseMs ?? DEFAULT_ALERT_LEASE_MS, limit: options.limit ?? 100, ...(options.ids ? { ids: options.ids } : {}) });
  for (const alert of claimed) {
    let step: Step = { kind: 'later', notifyAfter: null };
    try {
      step = alert.action === 'notify' ? await notifyOwner(ctx, deps, alert, now, outcome) : await applyToIncident(ctx, deps, alert, now, outcome);
    } catch (error) {
      ctx.logger.error({ err: error, alertId: alert.id, source: alert.source, fingerprint: alert.fingerprint }, 'alert processing failed; the alert stays queued');
    }
    if (step.kind === 'done') await finishAlert(ctx.db, alert.id, alert.revision);
    else await deferAlert(ctx.db, alert.id, step.notifyAfter);
  }
  return outcome;
}

async function applyToIncident(ctx: EngineContext, deps: AlertDeps, alert: StoredAlert, now: Date, outcome: AlertProcessOutcome): Promise<Step> {
  if (alert.incidentId === null) {
    // Fired and resolved before anyone looked: nothing left to open or page for.
    if (alert.resolvedAt !== null) return { kind: 'done' };
    alert.incidentId = await openOrJoin(ctx, deps, alert, outcome);
  }
  const incident = await getTrackedIncident(ctx.db, alert.incidentId);
  // The opener is still creating the issue (or its create failed and the watcher takes it over).
  if (!incident?.issueKey) return { kind: 'later', notifyAfter: null };
  const issues = issuesOf(ctx, deps.incidents);
  if (alert.incidentNotedAt === null && (await claimAlertMarker(ctx.db, alert.id, 'incident_noted_at', now))) {
    const posted = await issues.addComment(incident.issueKey, formatAlertJoinedComment(alert), { casebridge: { origin: 'alert-joined' } });
    if (!posted.ok) {
      await releaseAlertMarker(ctx.db, alert.id, 'incident_noted_at');
      return { kind: 'later', notifyAfter: null };
    }
  }
  if (alert.resolvedAt === null || alert.resolutionRecordedAt !== null) return { kind: 'done' };
  if (!(await claimAlertMarker(ctx.db, alert.id, 'resolution_recorded_at', now))) return { kind: 'done' };
  const allResolved = (await listAlertsOfIncident(ctx.db, incident.id)).every((a) => a.resolvedAt !== null);
  const target = deps.alerts.onAllResolved.moveToStatus;
  let movedTo: string | null = null;
  if (allResolved && target && incident.resolvedAt === null) {
    const current = (await issues.getIssues([incident.issueKey]))[0];
    if (current && current.status !== target) {
      const moved = await transitionToStatus(issues, current, target, ctx.workflows);
      if (moved.ok) movedTo = target;
      else ctx.logger.warn({ issueKey: incident.issueKey, target, reason: moved.message }, 'could not move the incident after its alerts resolved');
    }
  }
  const posted = await issues.addComment(incident.issueKey, formatAlertResolvedComment(alert, allResolved, movedTo), { casebridge: { origin: 'alert-resolved' } });
  if (!posted.ok) {
    await releaseAlertMarker(ctx.db, alert.id, 'resolution_recorded_at');
    return { kind: 'later', notifyAfter: null };
  }
  outcome.resolutionsRecorded.push(alert.id);
  await appendAudit(ctx.db, [
    { system: 'casebridge', objectType: 'incident-alert', objectId: incident.issueKey, action: 'alert-resolved', after: { alert: alert.fingerprint, source: alert.source, allResolved, movedTo } },
  ]);
  return { kind: 'done' };
}

/** Opens the service's incident (one caller wins) or joins the open one; the winner creates the issue and starts the chain. */
async function openOrJoin(ctx: EngineContext, deps: AlertDeps, alert: StoredAlert, outcome: AlertProcessOutcome): Promise<number> {
  const correlationId = randomUUID();
  const opening = await openServiceIncident(ctx, deps.incidents, { service: alert.service, severity: alert.severity as Severity, reason: 'alert', startedAt: alert.firstFiredAt });
  const { incident } = opening;
  if (!(await linkAlertToIncident(ctx.db, alert.id, incident.id))) return incident.id;
  if (!opening.opened) {
    outcome.joined.push({ incidentId: incident.id, alertId: alert.id });
    await raiseIncidentSeverity(ctx, deps.incidents, incident, alert.severity, correlationId);
    await appendAudit(ctx.db, [
      {
        system: 'casebridge',
        objectType: 'incident-alert',
        objectId: incident.issueKey ?? String(incident.id),
        action: 'alert-joined',
        after: { alert: alert.fingerprint, source: alert.source },
        correlationId,
      },
    ]);
    return incident.id;
  }
  // The issue's description tells of the opening alert: no separate "joined" comment for it.
  await claimAlertMarker(ctx.db, alert.id, 'incident_noted_at', new Date());
  alert.incidentNotedAt = new Date();
  const key = await createIncidentIssue(ctx, deps.incidents, incident, [], alert.title, correlationId, { kind: 'alert', source: alert.source });
  outcome.opened.push({ incidentId: incident.id, issueKey: key, alertId: alert.id });
  await appendAudit(ctx.db, [
    {
      system: 'casebridge',
      objectType: 'incident',
      objectId: String(incident.id),
      action: 'open',
      after: { service: alert.service, severity: alert.severity, reason: 'alert', issueKey: key, alert: alert.fingerprint, source: alert.source },
      correlationId,
    },
  ]);
  // The first step of the chain (and the pager) hears of it now, not at the next walk.
  if (key) await runEscalation(ctx, deps.incidents, { incidentIds: [incident.id] });
  return incident.id;
}

async function notifyOwner(ctx: EngineContext, deps: AlertDeps, alert: StoredAlert, now: Date, outcome: AlertProcessOutcome): Promise<Step> {
  if (alert.ownerNotifiedAt !== null || alert.resolvedAt !== null) return { kind: 'done' };
  if (isInQuietHours(deps.alerts.quietHours, now)) {
    outcome.held.push(alert.id);
    return { kind: 'later', notifyAfter: endOfQuietHours(deps.alerts.quietHours, now) };
  }
  const { owners } = deps.incidents;
  const ownerId = owners.services[alert.service]?.owner;
  const owner = ownerId ? owners.contacts[ownerId] : undefined;
  if (!owner || !(await claimAlertMarker(ctx.db, alert.id, 'owner_notified_at', now))) return { kind: 'done' };
  const sent = await deps.incidents.notifier.notifyContact(owner, formatOwnerNotice(alert, owner.name));
  outcome.ownersNotified.push(alert.id);
  await appendAudit(
    ctx.db,
    sent.map((channel) => ({
      system: channel.channel,
      objectType: 'notification',
      objectId: `${alert.source}:${alert.fingerprint}`,
      action: channel.ok ? 'sent' : 'failed',
      after: { target: channel.target, owner: ownerId },
      note: channel.error ?? null,
    })),
  );
  return { kind: 'done' };
}

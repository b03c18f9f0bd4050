/**
 * Global mode, once per incident: the replica whose conditional update marks the incident global
 * notes the Global Incident Manager on the Jira incident issue, adds them as a watcher of it (by their
 * `jiraAccountId` in owners.yaml) and notifies them; from then on every
 * region's audience gets the updates (stakeholder-plan.ts selectAudiences).
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import { markGlobal, setGlobalWatcherAdded } from '../../adapters/store/incident-metrics.js';
import type { FollowedIncident } from '../../adapters/store/incident-metrics.js';
import { formatGlobalIssueNote, formatGlobalManagerMessage } from '../../domain/incidents/global-mode.js';
import type { EngineContext } from '../context.js';
import { issuesOf } from './deps.js';
import type { IncidentDeps } from './deps.js';
import type { IncidentImpact } from './stakeholder-impact.js';

export async function enterGlobalMode(ctx: EngineContext, deps: IncidentDeps, incident: FollowedIncident & { issueKey: string }, impact: IncidentImpact, now: Date): Promise<boolean> {
  if (!(await markGlobal(ctx.db, incident.id, now))) return false;
  const managerId = deps.owners.globalIncidentManager;
  const manager = managerId ? deps.owners.contacts[managerId] : undefined;
  const issues = issuesOf(ctx, deps);
  const note = formatGlobalIssueNote({ regions: impact.regions, managerName: manager?.name ?? 'not configured', managerAccountId: manager?.jiraAccountId ?? null });
  const commented = await issues.addComment(incident.issueKey, note, { casebridge: { origin: 'global-mode' } });
  if (!commented.ok) ctx.logger.warn({ issueKey: incident.issueKey, error: commented.error }, 'noting global mode on the incident issue failed');
  // Added in Jira, not only in our records: the manager hears of every change to the issue from Jira too.
  const watching = manager?.jiraAccountId ? await issues.addWatcher(incident.issueKey, manager.jiraAccountId) : undefined;
  if (watching && !watching.ok)
    ctx.logger.warn({ issueKey: incident.issueKey, contact: managerId, error: watching.error }, 'adding the Global Incident Manager as a watcher of the incident issue failed');
  const teamName = deps.owners.services[incident.service]?.team ?? incident.service;
  const sent = manager
    ? await deps.notifier.notifyContact(
        manager,
        formatGlobalManagerMessage({
          incidentKey: incident.issueKey,
          url: issues.browseUrl(incident.issueKey),
          severity: incident.severity,
          teamName,
          regions: impact.regions,
          caseCount: impact.caseNumbers.length,
        }),
      )
    : [];
  await appendAudit(ctx.db, [
    {
      system: 'casebridge',
      objectType: 'incident',
      objectId: incident.issueKey,
      action: 'global',
      after: { regions: impact.regions, globalIncidentManager: managerId ?? null, noted: commented.ok, watcher: watching, channels: sent },
    },
  ]);
  return true;
}

/**
 * Adds the Global Incident Manager as a watcher of the Jira issue (in Jira, not only in our records:
 * they hear of every change from Jira too). Adding a watcher twice is one watcher in Jira, so a call
 * that failed is simply made again at the next stakeholder run, until it is recorded.
 */
export async function addGlobalWatcher(ctx: EngineContext, deps: IncidentDeps, incident: FollowedIncident & { issueKey: string }, now: Date): Promise<boolean> {
  const managerId = deps.owners.globalIncidentManager;
  const accountId = managerId ? deps.owners.contacts[managerId]?.jiraAccountId : undefined;
  if (!accountId) return false;
  const added = await issuesOf(ctx, deps).addWatcher(incident.issueKey, accountId);
  if (!added.ok) {
    ctx.logger.warn(
      { issueKey: incident.issueKey, contact: managerId, error: added.error },
      'adding the Global Incident Manager as a watcher of the incident issue failed; tried again at the next run',
    );
    return false;
  }
  await setGlobalWatcherAdded(ctx.db, incident.id, now);
  incident.globalWatcherAt = now;
  return true;
}

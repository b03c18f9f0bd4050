/**
 * Stakeholder updates: for each incident still open (or just resolved), the update it is due, if
 * any (stakeholder-plan.ts), goes to the audiences of its regions and business line — every
 * region's once it is global — on Slack and e-mail. The update is composed, then its slot claimed in
 * the outbox with what it delivers; only the replica that claimed it sends, so each update goes out
 * once however many run, and one whose send was lost is sent again after the lease (stakeholder-outbox.ts).
 */
import type { Contact } from '../../config/schemas/owners.js';
import type { StakeholdersConfig } from '../../config/schemas/incident-stakeholders.js';
import { listFirstSignals, listFollowedIncidents } from '../../adapters/store/incident-metrics.js';
import type { FollowedIncident } from '../../adapters/store/incident-metrics.js';
import { claimStakeholderUpdate, listStakeholderUpdates } from '../../adapters/store/stakeholder-updates.js';
import { isBecomingGlobal } from '../../domain/incidents/global-mode.js';
import type { Severity } from '../../domain/incidents/opening.js';
import { composeStakeholderUpdate, toBusinessState } from '../../domain/incidents/stakeholder-message.js';
import { planStakeholderUpdate, selectAudiences } from '../../domain/incidents/stakeholder-plan.js';
import type { PlannedUpdate } from '../../domain/incidents/stakeholder-plan.js';
import type { EngineContext } from '../context.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';
import { addGlobalWatcher, enterGlobalMode } from './stakeholder-global.js';
import { deliverClaimedUpdate, retryUnsentUpdates } from './stakeholder-outbox.js';
import { readIncidentImpact } from './stakeholder-impact.js';
import type { IncidentImpact } from './stakeholder-impact.js';

export interface StakeholderOutcome {
  sent: Array<{ issueKey: string; kind: PlannedUpdate['kind']; slotKey: string; audiences: string[] }>;
  wentGlobal: string[];
  /** Updates sent again because their claim outlived the lease unsent. */
  retried: Array<{ issueKey: string; slotKey: string; status: 'sent' | 'failed' }>;
}

/** How long after its resolution an incident is still looked at (its resolution update). */
const RESOLVED_LOOKBACK_MS = 2 * 86_400_000;

export async function runStakeholderUpdates(ctx: EngineContext, deps: IncidentDeps): Promise<StakeholderOutcome> {
  const outcome: StakeholderOutcome = { sent: [], wentGlobal: [], retried: [] };
  const config = deps.config.stakeholders;
  if (!config) return outcome;
  const now = nowOf(deps);
  outcome.retried = await retryUnsentUpdates(ctx, deps, now);
  const incidents = (await listFollowedIncidents(ctx.db, new Date(now.getTime() - RESOLVED_LOOKBACK_MS))).filter((i): i is FollowedIncident & { issueKey: string } => i.issueKey !== null);
  if (incidents.length === 0) return outcome;
  const ids = incidents.map((i) => i.id);
  const history = await listStakeholderUpdates(ctx.db, ids);
  const signals = await listFirstSignals(ctx.db, ids);

  for (const incident of incidents) {
    const sent = history.filter((u) => u.incidentId === incident.id);
    const planFor = () =>
      planStakeholderUpdate({ severity: incident.severity as Severity, resolvedAt: incident.resolvedAt, isGlobal: incident.isGlobal, sent, intervalMinutes: config.intervalMinutes, now });
    let plan = planFor();
    // Global, and the manager not yet a watcher in Jira (an earlier call failed): try again.
    if (incident.isGlobal && incident.globalWatcherAt === null && incident.resolvedAt === null) await addGlobalWatcher(ctx, deps, incident, now);
    // Nothing due and already global: nothing to learn from Salesforce this time.
    if (!plan && (incident.isGlobal || incident.resolvedAt !== null)) continue;
    const impact = await readIncidentImpact(ctx, deps, incident.id, signals.get(incident.id)?.alertRegions ?? []);
    if (incident.resolvedAt === null && isBecomingGlobal({ isGlobal: incident.isGlobal, regions: impact.regions, globalAtRegions: config.globalAtRegions })) {
      if (await enterGlobalMode(ctx, deps, incident, impact, now)) outcome.wentGlobal.push(incident.issueKey);
      incident.isGlobal = true;
      plan = planFor();
    }
    if (!plan) continue;
    const audiences = selectAudiences(config.audiences, { service: incident.service, regions: impact.regions, isGlobal: incident.isGlobal });
    const draft = composeUpdate(ctx, deps, config, incident, plan, impact, audiences);
    const claimed = await claimStakeholderUpdate(ctx.db, {
      incidentId: incident.id,
      kind: plan.kind,
      slotKey: plan.slotKey,
      plannedAt: plan.plannedAt,
      severity: incident.severity,
      nextUpdateAt: plan.nextUpdateAt,
      claimedAt: now,
      subject: draft.subject,
      body: draft.text,
      deliverTo: draft.contacts,
      audiences,
    });
    if (!claimed) continue;
    await deliverClaimedUpdate(ctx, deps, claimed, incident.issueKey, now);
    outcome.sent.push({ issueKey: incident.issueKey, kind: plan.kind, slotKey: plan.slotKey, audiences });
  }
  return outcome;
}

/** The update's text and the contacts it goes to (each channel and address once). */
function composeUpdate(
  ctx: EngineContext,
  deps: IncidentDeps,
  config: StakeholdersConfig,
  incident: FollowedIncident & { issueKey: string },
  plan: PlannedUpdate,
  impact: IncidentImpact,
  audiences: readonly string[],
): { subject: string; text: string; contacts: Contact[] } {
  const ownership = deps.owners.services[incident.service];
  const ownerContact = ownership ? deps.owners.contacts[ownership.incidentAssignee] : undefined;
  const managerId = deps.owners.globalIncidentManager;
  const manager = incident.isGlobal && managerId ? deps.owners.contacts[managerId] : undefined;
  const message = composeStakeholderUpdate({
    update: plan,
    incidentKey: incident.issueKey,
    url: issuesOf(ctx, deps).browseUrl(incident.issueKey),
    severity: incident.severity,
    serviceName: ownership?.team ?? incident.service,
    state: toBusinessState(incident, { mitigated: config.mitigatedStatuses, acknowledged: deps.config.jira.acknowledgedStatuses }),
    openedAt: incident.createdAt,
    resolvedAt: incident.resolvedAt,
    impact,
    owner: { name: ownerContact?.name ?? 'the service team', team: ownership?.team ?? incident.service },
    globalIncidentManager: manager?.name ?? null,
  });
  return {
    ...message,
    contacts: toContacts(
      audiences.map((id) => config.audiences[id]!),
      manager,
    ),
  };
}

/** Audiences as contacts to notify, each Slack channel and address once (audiences may share a list). */
function toContacts(audiences: ReadonlyArray<StakeholdersConfig['audiences'][string]>, manager: Contact | undefined): Contact[] {
  const seen = new Set<string>();
  const fresh = (target: string | undefined) => target !== undefined && !seen.has(target) && (seen.add(target), true);
  const contacts: Contact[] = [];
  for (const audience of audiences) {
    const emails = audience.email.filter(fresh);
    const slack = fresh(audience.slack) ? audience.slack : undefined;
    if (slack || emails[0]) contacts.push({ name: audience.name, kind: 'group', slack, email: emails[0] });
    for (const email of emails.slice(1)) contacts.push({ name: audience.name, kind: 'group', email });
  }
  if (manager) {
    const newEmail = fresh(manager.email);
    const newSlack = fresh(manager.slack);
    if (newEmail || newSlack) contacts.push({ ...manager, email: newEmail ? manager.email : undefined, slack: newSlack ? manager.slack : undefined });
  }
  return contacts;
}

/**
 * Stakeholder updates: for each incident still open (or just resolved), the update it is due, if
 * any (stakeholder-plan.ts), goes to the audiences of its regions and business line — every
 * region's once it is global — on Slack and e-mail. The slot is claimed in the store first; only
 * the replica that claimed it composes and sends, so each update goes out once however many run.
 */
import type { Contact } from '../../config/schemas/owners.js';
import type { StakeholdersConfig } from '../../config/schemas/incident-stakeholders.js';
import { appendAudit } from '../../adapters/store/audit-log.js';
import { listFirstSignals, listFollowedIncidents } from '../../adapters/store/incident-metrics.js';
import type { FollowedIncident } from '../../adapters/store/incident-metrics.js';
import { claimStakeholderUpdate, finishStakeholderUpdate, listStakeholderUpdates } from '../../adapters/store/stakeholder-updates.js';
import type { ChannelOutcome } from '../../adapters/notify/contact-notifier.js';
import { isBecomingGlobal } from '../../domain/incidents/global-mode.js';
import type { Severity } from '../../domain/incidents/opening.js';
import { composeStakeholderUpdate, toBusinessState } from '../../domain/incidents/stakeholder-message.js';
import { planStakeholderUpdate, selectAudiences } from '../../domain/incidents/stakeholder-plan.js';
import type { PlannedUpdate } from '../../domain/incidents/stakeholder-plan.js';
import type { EngineContext } from '../context.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';
import { enterGlobalMode } from './stakeholder-global.js';
import { readIncidentImpact } from './stakeholder-impact.js';
import type { IncidentImpact } from './stakeholder-impact.js';

export interface StakeholderOutcome {
  sent: Array<{ issueKey: string; kind: PlannedUpdate['kind']; slotKey: string; audiences: string[] }>;
  wentGlobal: string[];
}

/** How long after its resolution an incident is still looked at (its resolution update). */
const RESOLVED_LOOKBACK_MS = 2 * 86_400_000;

export async function runStakeholderUpdates(ctx: EngineContext, deps: IncidentDeps): Promise<StakeholderOutcome> {
  const outcome: StakeholderOutcome = { sent: [], wentGlobal: [] };
  const config = deps.config.stakeholders;
  if (!config) return outcome;
  const now = nowOf(deps);
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
    // Nothing due and already global: nothing to learn from Salesforce this time.
    if (!plan && (incident.isGlobal || incident.resolvedAt !== null)) continue;
    const impact = await readIncidentImpact(ctx, deps, incident.id, signals.get(incident.id)?.alertRegions ?? []);
    if (incident.resolvedAt === null && isBecomingGlobal({ isGlobal: incident.isGlobal, regions: impact.regions, globalAtRegions: config.globalAtRegions })) {
      if (await enterGlobalMode(ctx, deps, incident, impact, now)) outcome.wentGlobal.push(incident.issueKey);
      incident.isGlobal = true;
      plan = planFor();
    }
    if (!plan) continue;
    const claimed = await claimStakeholderUpdate(ctx.db, {
      incidentId: incident.id,
      kind: plan.kind,
      slotKey: plan.slotKey,
      plannedAt: plan.plannedAt,
      severity: incident.severity,
      nextUpdateAt: plan.nextUpdateAt,
    });
    if (!claimed) continue;
    const audiences = selectAudiences(config.audiences, { service: incident.service, regions: impact.regions, isGlobal: incident.isGlobal });
    const delivered = await deliverUpdate(ctx, deps, config, incident, plan, impact, audiences);
    await finishStakeholderUpdate(ctx.db, claimed.id, delivered);
    await appendAudit(ctx.db, [
      {
        system: 'casebridge',
        objectType: 'stakeholder-update',
        objectId: incident.issueKey,
        action: plan.kind,
        after: { slot: plan.slotKey, audiences, nextUpdateAt: plan.nextUpdateAt?.toISOString() ?? null, channels: delivered.recipients },
        note: delivered.recipients.length === 0 ? 'not sent: no channel configured (SLACK_WEBHOOK_URL, SMTP_URL) or no audience' : delivered.status === 'failed' ? 'no channel took the update' : null,
      },
    ]);
    outcome.sent.push({ issueKey: incident.issueKey, kind: plan.kind, slotKey: plan.slotKey, audiences });
  }
  return outcome;
}

async function deliverUpdate(
  ctx: EngineContext,
  deps: IncidentDeps,
  config: StakeholdersConfig,
  incident: FollowedIncident & { issueKey: string },
  plan: PlannedUpdate,
  impact: IncidentImpact,
  audiences: readonly string[],
): Promise<{ status: 'sent' | 'failed'; recipients: ChannelOutcome[]; subject: string; body: string }> {
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
  const recipients: ChannelOutcome[] = [];
  for (const contact of toContacts(
    audiences.map((id) => config.audiences[id]!),
    manager,
  ))
    recipients.push(...(await deps.notifier.notifyContact(contact, message)));
  return { status: recipients.some((r) => r.ok) ? 'sent' : 'failed', recipients, subject: message.subject, body: message.text };
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

/**
 * The one acknowledgement path of an incident, whoever took it: an operator in the console or the
 * on-call person in PagerDuty (its v3 webhook). `acknowledgeIncident` records it and stops the
 * escalation walk at once (web request or webhook: no Jira call, answered fast); the walk that runs
 * next (`applyAcknowledgementsInJira`, every minute and after each alert) does the rest: the Jira
 * issue is moved and commented as `incidents.yaml` `jira.onAcknowledged` says, and the pager sends
 * PagerDuty `acknowledge` with dedup_key = the incident key unless PagerDuty told us (alert-paging.ts).
 * An acknowledgement in Jira itself (a status, another assignee) is seen by the walk (escalate.ts).
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { claimJiraAcknowledgement, finishJiraAcknowledgement, listPendingJiraAcknowledgements, markAcknowledged } from '../../adapters/store/incident-acknowledgements.js';
import type { AcknowledgedVia, PendingJiraAcknowledgement } from '../../adapters/store/incident-acknowledgements.js';
import { getIncidentByKey } from '../../adapters/store/incident-tracking.js';
import { transitionToStatus } from '../transitions.js';
import type { EngineContext } from '../context.js';
import { issuesOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

export type AcknowledgeOutcome = 'acknowledged' | 'already-acknowledged' | 'not-found';

/** How long a walker's claim of a Jira follow-up holds before another walker takes it over. */
const FOLLOW_UP_LEASE_MS = 5 * 60_000;
const VIA_NAME: Record<AcknowledgedVia, string> = { jira: 'Jira', console: 'the casebridge console', pagerduty: 'PagerDuty' };
const ORIGIN = 'incident-acknowledged';

export async function acknowledgeIncident(
  db: Db,
  ack: { issueKey: string; by: string | null; via: Exclude<AcknowledgedVia, 'jira'>; at: Date; details?: Record<string, unknown> },
): Promise<AcknowledgeOutcome> {
  const incident = await getIncidentByKey(db, ack.issueKey);
  if (!incident) return 'not-found';
  if (!(await markAcknowledged(db, incident.id, { at: ack.at, by: ack.by, via: ack.via }))) return 'already-acknowledged';
  await appendAudit(db, [
    {
      system: 'casebridge',
      objectType: 'incident',
      objectId: ack.issueKey,
      action: 'escalation-acknowledged',
      after: { step: incident.escalationStep, by: ack.by, in: ack.via, at: ack.at.toISOString(), ...ack.details },
      note: `escalation stopped: acknowledged in ${VIA_NAME[ack.via]}${ack.by ? ` by ${ack.by}` : ''}`,
    },
  ]);
  return 'acknowledged';
}

/** The Jira side of acknowledgements made outside Jira: each claimed, moved and commented once. */
export async function applyAcknowledgementsInJira(ctx: EngineContext, deps: IncidentDeps): Promise<string[]> {
  const rule = deps.config.jira.onAcknowledged;
  if (!rule?.moveTo && !rule?.comment) return [];
  const now = nowOf(deps);
  const applied: string[] = [];
  for (const pending of await listPendingJiraAcknowledgements(ctx.db, now, FOLLOW_UP_LEASE_MS)) {
    if (!(await claimJiraAcknowledgement(ctx.db, pending.id, now, FOLLOW_UP_LEASE_MS))) continue;
    const done = await applyOne(ctx, deps, pending).catch((error: unknown) => {
      ctx.logger.warn({ issueKey: pending.issueKey, err: error }, 'acknowledgement not applied in Jira; tried again at the next walk');
      return false;
    });
    await finishJiraAcknowledgement(ctx.db, pending.id, done, now);
    if (done) applied.push(pending.issueKey);
  }
  return applied;
}

async function applyOne(ctx: EngineContext, deps: IncidentDeps, pending: PendingJiraAcknowledgement): Promise<boolean> {
  const rule = deps.config.jira.onAcknowledged!;
  const { jira } = deps.config;
  const issues = issuesOf(ctx, deps);
  const issue = (await issues.getIssues([pending.issueKey]))[0];
  if (!issue) return false;
  let movedTo: string | null = null;
  // Already working on it (or past it) in Jira: the status people set there stays.
  const settled = [...jira.acknowledgedStatuses, ...jira.resolvedStatuses, jira.closedStatus].includes(issue.status);
  if (rule.moveTo && !settled) {
    const moved = await transitionToStatus(issues, issue, rule.moveTo, ctx.workflows);
    if (!moved.ok && moved.code === 'REFUSED_FOR_NOW') return false;
    if (moved.ok) movedTo = rule.moveTo;
    else ctx.logger.warn({ issueKey: pending.issueKey, target: rule.moveTo, reason: moved.message }, 'could not move the acknowledged incident');
  }
  if (rule.comment) {
    // A walker that crashed after commenting left its marker: look before writing it again.
    const already = (await issues.listComments(pending.issueKey)).some((c) => (c.properties.casebridge as { origin?: unknown } | undefined)?.origin === ORIGIN);
    if (!already) {
      const body = rule.comment
        .replaceAll('{by}', pending.acknowledgedBy ?? 'someone')
        .replaceAll('{via}', VIA_NAME[pending.acknowledgedVia])
        .replaceAll('{at}', pending.acknowledgedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      if (!(await issues.addComment(pending.issueKey, body, { casebridge: { origin: ORIGIN } })).ok) return false;
    }
  }
  await appendAudit(ctx.db, [
    { system: 'jira', objectType: 'incident', objectId: pending.issueKey, action: 'acknowledgement-applied', after: { movedTo, by: pending.acknowledgedBy, in: pending.acknowledgedVia } },
  ]);
  return true;
}

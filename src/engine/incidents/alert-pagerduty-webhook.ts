/**
 * What PagerDuty's v3 webhooks tell casebridge: `incident.acknowledged` is the on-call person
 * taking the incident: it goes through the one acknowledgement path (acknowledge.ts), so the
 * escalation walk stops and the Jira issue is moved and commented as configured; `incident.resolved` is
 * recorded on the page. Each event id is applied once, so PagerDuty's re-deliveries change nothing.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { findPageByDedupKey, recordRemoteState, recordWebhookEvent } from '../../adapters/store/incident-pages.js';
import type { PagerDutyWebhookEvent } from '../../domain/alerts/pagerduty-webhook.js';
import { acknowledgeIncident } from './acknowledge.js';

export type PagerDutyEventOutcome = 'acknowledged' | 'resolved' | 'recorded' | 'duplicate' | 'unknown-incident';

export async function applyPagerDutyEvent(db: Db, event: PagerDutyWebhookEvent): Promise<PagerDutyEventOutcome> {
  const page = event.incidentKey ? await findPageByDedupKey(db, event.incidentKey) : undefined;
  const isNew = await recordWebhookEvent(db, {
    eventId: event.eventId,
    eventType: event.eventType,
    remoteIncidentId: event.remoteIncidentId,
    incidentId: page?.incidentId ?? null,
    occurredAt: event.occurredAt,
  });
  if (!isNew) return 'duplicate';
  if (!page) return 'unknown-incident';
  if (event.eventType === 'incident.acknowledged') {
    await recordRemoteState(db, page.id, { remoteIncidentId: event.remoteIncidentId, acknowledgedAt: event.occurredAt, acknowledgedBy: event.agent });
    // The path a console acknowledgement takes too: the walk moves and comments the Jira issue next.
    await acknowledgeIncident(db, { issueKey: page.dedupKey, by: event.agent, via: 'pagerduty', at: event.occurredAt, details: { pagerdutyIncident: event.remoteIncidentId } });
    return 'acknowledged';
  }
  if (event.eventType === 'incident.resolved') {
    await recordRemoteState(db, page.id, { remoteIncidentId: event.remoteIncidentId, resolvedAt: event.occurredAt });
    await appendAudit(db, [{ system: 'casebridge', objectType: 'page', objectId: page.dedupKey, action: 'pagerduty-resolved', after: { by: event.agent, pagerdutyIncident: event.remoteIncidentId } }]);
    return 'resolved';
  }
  await recordRemoteState(db, page.id, { remoteIncidentId: event.remoteIncidentId });
  return 'recorded';
}

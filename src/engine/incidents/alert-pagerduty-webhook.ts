/**
 * What PagerDuty's v3 webhooks tell casebridge: `incident.acknowledged` is the on-call person
 * taking the incident, so casebridge's own escalation walk stops (the incident's acknowledged_at
 * and escalation_stopped, as a Jira acknowledgement would set them); `incident.resolved` is
 * recorded on the page. Each event id is applied once, so PagerDuty's re-deliveries change nothing.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { findPageByDedupKey, recordRemoteState, recordWebhookEvent } from '../../adapters/store/incident-pages.js';
import { stopEscalation } from '../../adapters/store/incident-tracking.js';
import type { PagerDutyWebhookEvent } from '../../domain/alerts/pagerduty-webhook.js';

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
    await stopEscalation(db, page.incidentId, 'acknowledged', event.occurredAt);
    await appendAudit(db, [
      {
        system: 'casebridge',
        objectType: 'incident',
        objectId: page.dedupKey,
        action: 'escalation-acknowledged',
        after: { by: event.agent, in: 'pagerduty', pagerdutyIncident: event.remoteIncidentId },
        note: 'escalation stopped: acknowledged in PagerDuty',
      },
    ]);
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

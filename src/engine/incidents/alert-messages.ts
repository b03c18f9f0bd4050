/** What people read about alerts: comments on the incident issue and the owner's notification. */
import type { StoredAlert } from '../../adapters/store/incident-alerts.js';

const when = (date: Date) => date.toISOString().replace('.000Z', 'Z');
const linkOf = (alert: StoredAlert) => (typeof alert.payloadSummary.url === 'string' ? ` ${alert.payloadSummary.url}` : '');

export function formatAlertJoinedComment(alert: StoredAlert): string {
  return `casebridge: a ${alert.source} alert joined this incident: "${alert.title}" (${alert.severity}, fired ${when(alert.firstFiredAt)}).${linkOf(alert)}`;
}

export function formatAlertResolvedComment(alert: StoredAlert, allResolved: boolean, movedTo: string | null): string {
  const tail = !allResolved ? '' : movedTo ? ` Every alert of this incident has resolved; casebridge moved it to ${movedTo}.` : ' Every alert of this incident has resolved.';
  return `casebridge: the ${alert.source} alert "${alert.title}" resolved at ${when(alert.resolvedAt ?? alert.lastSeenAt)} (fired ${when(alert.firstFiredAt)}).${tail}`;
}

export function formatOwnerNotice(alert: StoredAlert, ownerName: string): { subject: string; text: string } {
  return {
    subject: `[${alert.severity}] ${alert.source} alert on ${alert.service}: ${alert.title}`.slice(0, 200),
    text: `${ownerName}: ${alert.source} reports "${alert.title}" on ${alert.service} (${alert.severity}, fired ${when(alert.firstFiredAt)}). It does not open an incident; have a look when you can.${linkOf(alert)}`,
  };
}

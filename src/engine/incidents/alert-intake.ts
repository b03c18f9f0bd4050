/**
 * Recording what a webhook delivery carried: each alert routed (service, severity, incident or
 * notify) and written in one de-duplicating statement, which also queues its work. Repeats of a
 * firing alert are counted and queue nothing; alerts no service claims are returned, not stored.
 */
import type { OwnersConfig } from '../../config/schemas/owners.js';
import type { AlertsConfig } from '../../config/schemas/alerts.js';
import { recordAlertDelivery } from '../../adapters/store/incident-alerts.js';
import type { DeliveryOutcome } from '../../adapters/store/incident-alerts.js';
import type { Db } from '../../adapters/store/db-handle.js';
import type { IncomingAlert } from '../../domain/alerts/incoming.js';
import { routeAlert } from '../../domain/alerts/routing.js';

export interface IntakeOutcome {
  recorded: Array<{ id: number; fingerprint: string; service: string; outcome: DeliveryOutcome }>;
  unrouted: Array<{ fingerprint: string; reason: string }>;
}

export async function recordIncomingAlerts(db: Db, config: { alerts: AlertsConfig; owners: OwnersConfig }, incoming: readonly IncomingAlert[], at: Date): Promise<IntakeOutcome> {
  const outcome: IntakeOutcome = { recorded: [], unrouted: [] };
  for (const alert of incoming) {
    const route = routeAlert(config.alerts, config.owners, alert);
    if (route.kind === 'unrouted') {
      outcome.unrouted.push({ fingerprint: alert.fingerprint, reason: route.reason });
      continue;
    }
    const recorded = await recordAlertDelivery(
      db,
      {
        source: alert.source,
        fingerprint: alert.fingerprint,
        status: alert.status,
        service: route.service,
        region: route.region,
        severity: route.severity,
        action: route.action,
        title: alert.title,
        startsAt: alert.startsAt,
        endsAt: alert.endsAt,
        payloadSummary: { labels: alert.labels, url: alert.url, ...alert.details },
      },
      at,
    );
    outcome.recorded.push({ id: recorded.id, fingerprint: alert.fingerprint, service: route.service, outcome: recorded.outcome });
  }
  return outcome;
}

/** What alert processing needs besides the engine context: alerts.yaml and the incident capability it feeds. */
import type { AlertsConfig } from '../../config/schemas/alerts.js';
import type { IncidentDeps } from './deps.js';

export interface AlertDeps {
  alerts: AlertsConfig;
  /** The incident capability (owners, incidents.yaml, notifier, clock, pager): alerts open incidents through it. */
  incidents: IncidentDeps;
  /** How long a claimed alert is held before another worker may take it over (default 60 s). */
  claimLeaseMs?: number;
}

export const DEFAULT_ALERT_LEASE_MS = 60_000;

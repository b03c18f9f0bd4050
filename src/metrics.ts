/**
 * Prometheus metrics (prom-client), served at `GET /metrics`. One registry per process; counters
 * are named `casebridge_*` and labelled only with small fixed sets (codes, systems, outcomes).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'casebridge_process_' });

export const syncProblems = new Counter({
  name: 'casebridge_sync_problems_total',
  help: 'Per-record problems sent to dead letters (unmapped status, unknown issue key, refused value), by code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

export const syncWrites = new Counter({
  name: 'casebridge_sync_writes_total',
  help: 'Writes casebridge made, by system and kind (create, update, transition, comment)',
  labelNames: ['system', 'kind'] as const,
  registers: [metricsRegistry],
});

export const apiRetries = new Counter({
  name: 'casebridge_api_retries_total',
  help: 'Retries of external calls after a transient failure, by operation',
  labelNames: ['operation'] as const,
  registers: [metricsRegistry],
});

export const webhookDeliveries = new Counter({
  name: 'casebridge_webhook_deliveries_total',
  help: 'Webhook and outbound-message deliveries received, by system and outcome',
  labelNames: ['system', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const deadLettered = new Counter({
  name: 'casebridge_dead_lettered_jobs_total',
  help: 'Queue jobs that failed on their last attempt and went to dead letters',
  registers: [metricsRegistry],
});

/** Incident durations in seconds, observed once per incident (across replicas) when each moment happens. */
const incidentBuckets = [60, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800];
const incidentHistogram = (measure: string, help: string) =>
  new Histogram({ name: `casebridge_incident_time_to_${measure}_seconds`, help, labelNames: ['severity'] as const, buckets: incidentBuckets, registers: [metricsRegistry] });
export const incidentTimeTo = {
  detect: incidentHistogram('detect', 'First alert or linked case to the incident opening, by severity'),
  acknowledge: incidentHistogram('acknowledge', 'Incident opening to its acknowledgement (Jira or PagerDuty), by severity'),
  mitigate: incidentHistogram('mitigate', 'Incident opening to its mitigation (a mitigated status, else the resolution), by severity'),
  resolve: incidentHistogram('resolve', 'Incident opening to its resolution, by severity'),
};

/**
 * `alerts.yaml`: monitoring alerts in (Grafana, Datadog, New Relic, Airbrake, our generic shape).
 * Per source: which label, tag or field names the service (a service of owners.yaml) and the
 * region, how the source's severity maps to ours; then which alerts open incidents and which only
 * notify the service's owner, and the quiet hours in which owner notifications wait until morning.
 * Checks against owners.yaml are in {@link checkAlertsAcrossFiles}.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../issues.js';
import type { OwnersConfig } from './owners.js';
import { ianaTimeZone } from './time-zone.js';

export const ALERT_SOURCES = ['grafana', 'datadog', 'newrelic', 'airbrake', 'generic'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

const severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4'], 'expected one of SEV1, SEV2, SEV3, SEV4');
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'expected a label, tag or field name such as service or tags.service');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (24-hour), such as 22:00');

const source = z
  .object({
    /** The label (Grafana), tag (Datadog), field (New Relic, generic) naming the service. Default `service`. */
    serviceLabel: labelName.default('service'),
    /** Names the monitoring uses for a service, mapped to owners.yaml services (`checkout: payments`). */
    serviceAliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** The label naming the region (IL, GB, RU …), for incidents spanning regions. Absent: none. */
    regionLabel: labelName.optional(),
    /** The source's severity or priority value (case-insensitive) → ours, e.g. `critical: SEV1`, `P2: SEV2`. */
    severity: z.record(z.string().min(1), severity).default({}),
    /** Severity of an alert whose value is absent or not in the map. Default SEV3. */
    defaultSeverity: severity.default('SEV3'),
  })
  .strict();

const rule = z
  .object({
    /** Only alerts of this source. Absent: any source. */
    source: z.enum(ALERT_SOURCES).optional(),
    /** Every label given must equal (case-sensitive); `*` at the end matches a prefix. */
    match: z.record(z.string().min(1), z.string()).default({}),
    /** `incident`: open or join the service's incident; `notify`: only tell the service owner. */
    action: z.enum(['incident', 'notify']),
  })
  .strict();

export const alertsFileSchema = z
  .object({
    /** Sources accepted at `POST /webhooks/alerts/:source`; a source not listed is refused (404). */
    sources: z.partialRecord(z.enum(ALERT_SOURCES), source),
    /** Severities that open (or join) an incident; alerts of other severities only notify the owner. Default SEV1, SEV2. */
    incidentSeverities: z.array(severity).default(['SEV1', 'SEV2']),
    /** Exceptions, first match wins, before `incidentSeverities`. */
    rules: z.array(rule).default([]),
    /** While in quiet hours, owner notifications of notify-only alerts wait until they end; incidents page at once. */
    quietHours: z.object({ timeZone: ianaTimeZone, from: clock, to: clock }).strict().optional(),
    /** When every alert of an incident has resolved: a comment always; a move to this status when set (e.g. Mitigated). */
    onAllResolved: z
      .object({ moveToStatus: z.string().min(1).optional() })
      .strict()
      .default({}),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsFileSchema>;
export type AlertSourceConfig = z.infer<typeof source>;
export type AlertRule = z.infer<typeof rule>;

/** Quiet hours that start and end at the same minute would be always (or never) quiet: refused. */
export function checkAlerts(config: AlertsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (Object.keys(config.sources).length === 0) issues.push({ path: ['sources'], message: `no source configured; add one of ${ALERT_SOURCES.join(', ')}` });
  if (config.quietHours && config.quietHours.from === config.quietHours.to) {
    issues.push({ path: ['quietHours', 'to'], message: `quiet hours from ${config.quietHours.from} to ${config.quietHours.to} are empty; give two different times` });
  }
  return issues;
}

/** Service aliases name services of owners.yaml; alerts.yaml needs owners.yaml at all. */
export function checkAlertsAcrossFiles(config: { alerts?: AlertsConfig; owners?: OwnersConfig }): Array<{ file: string; issue: ConfigIssue }> {
  const { alerts, owners } = config;
  if (!alerts) return [];
  if (!owners) return [{ file: 'alerts', issue: { path: [], message: 'alerts.yaml needs owners.yaml (the services alerts are routed to); add it or remove alerts.yaml' } }];
  const services = Object.keys(owners.services);
  const found: Array<{ file: string; issue: ConfigIssue }> = [];
  for (const [name, settings] of Object.entries(alerts.sources)) {
    for (const [alias, service] of Object.entries(settings?.serviceAliases ?? {})) {
      if (!owners.services[service]) {
        found.push({ file: 'alerts', issue: { path: ['sources', name, 'serviceAliases', alias], message: `unknown service "${service}" (not a service of owners.yaml: ${services.join(', ')})` } });
      }
    }
  }
  return found;
}

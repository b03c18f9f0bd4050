/**
 * Where an alert goes: the service of owners.yaml its service label names (directly, through an
 * alias, or by a classification topic of the service), our severity, the region, and whether it
 * opens (or joins) the service's incident or only tells the owner.
 */
import type { AlertRule, AlertsConfig } from '../../config/schemas/alerts.js';
import type { OwnersConfig } from '../../config/schemas/owners.js';
import { lookUpService } from '../incidents/directory.js';
import type { Severity } from '../incidents/opening.js';
import type { IncomingAlert } from './incoming.js';

export type AlertAction = 'incident' | 'notify';

export type AlertRoute = { kind: 'routed'; service: string; region: string | null; severity: Severity; action: AlertAction } | { kind: 'unrouted'; reason: string };

export function routeAlert(config: AlertsConfig, owners: OwnersConfig, alert: IncomingAlert): AlertRoute {
  const settings = config.sources[alert.source];
  if (!settings) return { kind: 'unrouted', reason: `source ${alert.source} is not configured in alerts.yaml` };
  const named = alert.labels[settings.serviceLabel];
  if (!named) return { kind: 'unrouted', reason: `alert ${alert.fingerprint} has no "${settings.serviceLabel}" label naming its service` };
  const service = lookUpService(owners, settings.serviceAliases[named] ?? named)?.service;
  if (!service) return { kind: 'unrouted', reason: `alert ${alert.fingerprint} names service "${named}", which owners.yaml does not know` };
  const severity = toSeverity(settings.severity, alert.severityValue, settings.defaultSeverity);
  const region = settings.regionLabel ? (alert.labels[settings.regionLabel]?.toUpperCase() ?? null) : null;
  return { kind: 'routed', service, region, severity, action: decideAction(config, alert, severity) };
}

/** The map's keys are compared case-insensitively: Grafana teams write `critical`, New Relic `CRITICAL`. */
export function toSeverity(map: Readonly<Record<string, Severity>>, value: string | null, fallback: Severity): Severity {
  if (value === null) return fallback;
  const key = Object.keys(map).find((k) => k.toLowerCase() === value.toLowerCase());
  return key ? map[key]! : fallback;
}

/** The first rule that matches decides; otherwise the severity does. */
export function decideAction(config: Pick<AlertsConfig, 'rules' | 'incidentSeverities'>, alert: Pick<IncomingAlert, 'source' | 'labels'>, severity: Severity): AlertAction {
  const rule = config.rules.find((r) => matchesRule(r, alert));
  if (rule) return rule.action;
  return config.incidentSeverities.includes(severity) ? 'incident' : 'notify';
}

function matchesRule(rule: AlertRule, alert: Pick<IncomingAlert, 'source' | 'labels'>): boolean {
  if (rule.source && rule.source !== alert.source) return false;
  return Object.entries(rule.match).every(([label, wanted]) => {
    const value = alert.labels[label];
    if (value === undefined) return false;
    return wanted.endsWith('*') ? value.startsWith(wanted.slice(0, -1)) : value === wanted;
  });
}

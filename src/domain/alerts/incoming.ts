/**
 * An alert as every source's parser hands it on: who sent it, its identity at the source, whether
 * it fires or resolved, and the labels routing reads. Bounded: a hostile payload cannot make us
 * store megabytes (titles, label values and the kept details are cut to size).
 */
import type { AlertSource } from '../../config/schemas/alerts.js';

export interface IncomingAlert {
  source: AlertSource;
  /** The source's identity of the alert (Grafana fingerprint, Datadog cycle key, New Relic issue id …). */
  fingerprint: string;
  status: 'firing' | 'resolved';
  title: string;
  /** Label, tag and field values by name; nested fields as dotted names (`tags.service`). */
  labels: Record<string, string>;
  /** The source's severity or priority as sent (`critical`, `P1`, `CRITICAL`), if any. */
  severityValue: string | null;
  /** When the source says it started firing. */
  startsAt: Date | null;
  /** When the source says it resolved (resolved alerts only). */
  endsAt: Date | null;
  /** A link back to the alert at the source. */
  url: string | null;
  /** A few fields worth keeping with the alert (summary, value, environment). */
  details: Record<string, string | number | boolean | null>;
}

export type ParseResult = { ok: true; alerts: IncomingAlert[] } | { ok: false; problems: string[] };

export const MAX_ALERTS_PER_DELIVERY = 500;
const MAX_TEXT = 250;
const MAX_LABELS = 64;

export const clip = (text: string, max = MAX_TEXT): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Flattens nested objects into dotted names with string values; at most {@link MAX_LABELS} of them. */
export function toLabels(value: Record<string, unknown>, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [key, raw] of Object.entries(value)) {
    if (Object.keys(into).length >= MAX_LABELS) break;
    const name = prefix ? `${prefix}.${key}` : key;
    if (raw === null || raw === undefined) continue;
    if (typeof raw === 'object' && !Array.isArray(raw)) toLabels(raw as Record<string, unknown>, name, into);
    else if (Array.isArray(raw)) into[name] = clip(raw.map(String).join(','));
    else into[name] = clip(String(raw));
  }
  return into;
}

/** An instant from ISO 8601 text or epoch milliseconds (number or digits); null when absent or Go's zero time. */
export function toInstant(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'number' ? value : /^\d{10,16}$/.test(String(value)) ? Number(value) : Date.parse(String(value));
  if (!Number.isFinite(ms)) return null;
  // Grafana sends 0001-01-01T00:00:00Z as "no end yet".
  return ms <= 0 || new Date(ms).getUTCFullYear() < 1970 ? null : new Date(ms);
}

/** zod issues as `path: message` lines, the way every refusal names what is wrong. */
export function toProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string[] {
  return issues.slice(0, 20).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`);
}

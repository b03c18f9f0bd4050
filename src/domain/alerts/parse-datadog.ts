/**
 * Datadog's Webhooks integration: the payload is a template of `$VARIABLES` the admin writes; ours
 * (README, "Pointing Datadog at casebridge") extends Datadog's default payload with `alert_cycle_key`
 * and `alert_priority`. `alert_transition` is Triggered, Re-Triggered, Warn, No Data, Renotify or
 * Recovered; `tags` is the comma-separated `key:value` list of `$TAGS`; `date` is `$DATE` (epoch ms).
 * Shape: Datadog docs, "Webhooks" integration, Variables.
 */
import { z } from 'zod';
import { clip, toInstant, toLabels, toProblems } from './incoming.js';
import type { ParseResult } from './incoming.js';

const text = z.union([z.string(), z.number()]).transform(String);

const datadogPayload = z
  .object({
    alert_id: text.pipe(z.string().min(1, 'alert_id ($ALERT_ID) is empty')),
    alert_transition: z.string().min(1),
    alert_title: z.string().optional(),
    title: z.string().optional(),
    alert_cycle_key: text.optional(),
    aggreg_key: text.optional(),
    alert_priority: z.string().optional(),
    tags: z.string().default(''),
    date: text.optional(),
    last_updated: text.optional(),
    link: z.string().optional(),
    hostname: z.string().optional(),
    host_name: z.string().optional(),
  })
  .loose();

/** `$TAGS`: `env:prod,service:payments`; a tag without a value counts as `name: "true"`. */
export function parseDatadogTags(tags: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const colon = tag.indexOf(':');
    if (colon < 0) labels[tag] = 'true';
    else labels[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return labels;
}

export function parseDatadog(body: unknown): ParseResult {
  const parsed = datadogPayload.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  const d = parsed.data;
  const resolved = /recovered/i.test(d.alert_transition);
  const at = toInstant(d.date) ?? toInstant(d.last_updated);
  // One cycle (trigger to recovery) of one monitor: the cycle key when the template sends it.
  const fingerprint = d.alert_cycle_key && !d.alert_cycle_key.startsWith('$') ? d.alert_cycle_key : `${d.alert_id}:${d.aggreg_key ?? ''}`;
  return {
    ok: true,
    alerts: [
      {
        source: 'datadog',
        fingerprint: clip(fingerprint, 200),
        status: resolved ? 'resolved' : 'firing',
        title: clip(d.alert_title ?? d.title ?? `Datadog monitor ${d.alert_id}`),
        labels: toLabels({ ...parseDatadogTags(d.tags), ...(d.hostname || d.host_name ? { host: d.hostname ?? d.host_name } : {}) }),
        severityValue: d.alert_priority && !d.alert_priority.startsWith('$') ? d.alert_priority : null,
        startsAt: resolved ? null : at,
        endsAt: resolved ? at : null,
        url: d.link ? clip(d.link, 1000) : null,
        details: { transition: d.alert_transition, monitor: d.alert_id },
      },
    ],
  };
}

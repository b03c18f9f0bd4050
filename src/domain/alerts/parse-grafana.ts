/**
 * Grafana Alerting's webhook contact point: one delivery per notification group, `alerts[]` each
 * with `status` (firing | resolved), `labels`, `annotations`, `startsAt`/`endsAt` and a
 * `fingerprint` of the label set. Shape: Grafana docs, "Configure the webhook notifier for Alerting".
 */
import { z } from 'zod';
import { clip, MAX_ALERTS_PER_DELIVERY, toInstant, toLabels, toProblems } from './incoming.js';
import type { IncomingAlert, ParseResult } from './incoming.js';

const stringMap = z.record(z.string(), z.string());

const grafanaAlert = z
  .object({
    status: z.enum(['firing', 'resolved']),
    labels: stringMap,
    annotations: stringMap.default({}),
    startsAt: z.string().min(1),
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    fingerprint: z.string().min(1).max(200),
    values: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

const grafanaPayload = z
  .object({
    receiver: z.string().optional(),
    status: z.enum(['firing', 'resolved']),
    alerts: z.array(grafanaAlert).min(1).max(MAX_ALERTS_PER_DELIVERY),
  })
  .loose();

export function parseGrafana(body: unknown): ParseResult {
  const parsed = grafanaPayload.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  const alerts: IncomingAlert[] = parsed.data.alerts.map((a) => ({
    source: 'grafana',
    fingerprint: a.fingerprint,
    status: a.status,
    title: clip(a.labels.alertname ?? a.annotations.summary ?? 'Grafana alert'),
    labels: toLabels(a.labels),
    severityValue: a.labels.severity ?? null,
    startsAt: toInstant(a.startsAt),
    endsAt: a.status === 'resolved' ? toInstant(a.endsAt) : null,
    url: a.generatorURL ? clip(a.generatorURL, 1000) : null,
    details: { summary: a.annotations.summary ? clip(a.annotations.summary) : null, description: a.annotations.description ? clip(a.annotations.description) : null },
  }));
  return { ok: true, alerts };
}

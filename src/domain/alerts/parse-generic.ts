/**
 * casebridge's own alert shape, for senders without a native one (scripts, Prometheus
 * Alertmanager templates, uptime checks):
 * `{ "alerts": [{ "fingerprint", "status": "firing"|"resolved", "title", "service", "severity",
 *   "region", "labels": {…}, "startsAt", "endsAt", "url" }] }`. Documented in the README.
 */
import { z } from 'zod';
import { clip, MAX_ALERTS_PER_DELIVERY, toInstant, toLabels, toProblems } from './incoming.js';
import type { ParseResult } from './incoming.js';

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time such as 2026-12-02T10:30:00Z');

const genericAlert = z
  .object({
    fingerprint: z.string().min(1).max(200),
    status: z.enum(['firing', 'resolved']),
    title: z.string().min(1).max(1000),
    service: z.string().min(1).optional(),
    severity: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    labels: z.record(z.string(), z.string()).default({}),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    url: z.string().url().optional(),
  })
  .strict();

const genericPayload = z.object({ alerts: z.array(genericAlert).min(1).max(MAX_ALERTS_PER_DELIVERY) }).strict();

export function parseGeneric(body: unknown): ParseResult {
  const parsed = genericPayload.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  return {
    ok: true,
    alerts: parsed.data.alerts.map((a) => ({
      source: 'generic',
      fingerprint: a.fingerprint,
      status: a.status,
      title: clip(a.title),
      labels: toLabels({ ...a.labels, ...(a.service ? { service: a.service } : {}), ...(a.region ? { region: a.region } : {}), ...(a.severity ? { severity: a.severity } : {}) }),
      severityValue: a.severity ?? null,
      startsAt: toInstant(a.startsAt),
      endsAt: a.status === 'resolved' ? toInstant(a.endsAt) : null,
      url: a.url ?? null,
      details: {},
    })),
  };
}

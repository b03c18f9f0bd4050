/**
 * New Relic workflows' webhook destination, default payload template: `id` (the issue id),
 * `issueUrl`, `title`, `priority` (CRITICAL, HIGH, MEDIUM, LOW), `state` (CREATED, ACTIVATED,
 * ACKNOWLEDGED, CLOSED), `createdAt`/`updatedAt` (epoch ms). Entity tags reach us as extra fields
 * the admin adds to the template (`"service": {{json accumulations.tag.service.[0]}}`).
 * Shape: New Relic docs, "Workflow variables" and the webhook destination's default template.
 */
import { z } from 'zod';
import { clip, toInstant, toLabels, toProblems } from './incoming.js';
import type { ParseResult } from './incoming.js';

const newRelicPayload = z
  .object({
    id: z.string().min(1).max(200),
    issueUrl: z.string().optional(),
    title: z.union([z.string(), z.array(z.string())]).optional(),
    priority: z.string().optional(),
    state: z.enum(['CREATED', 'ACTIVATED', 'ACKNOWLEDGED', 'CLOSED'], 'expected state CREATED, ACTIVATED, ACKNOWLEDGED or CLOSED'),
    createdAt: z.union([z.number(), z.string()]).optional(),
    updatedAt: z.union([z.number(), z.string()]).optional(),
  })
  .loose();

export function parseNewRelic(body: unknown): ParseResult {
  const parsed = newRelicPayload.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  const d = parsed.data;
  const resolved = d.state === 'CLOSED';
  const title = Array.isArray(d.title) ? d.title[0] : d.title;
  return {
    ok: true,
    alerts: [
      {
        source: 'newrelic',
        fingerprint: d.id,
        status: resolved ? 'resolved' : 'firing',
        title: clip(title ?? `New Relic issue ${d.id}`),
        labels: toLabels(d as Record<string, unknown>),
        severityValue: d.priority ?? null,
        startsAt: toInstant(d.createdAt),
        endsAt: resolved ? toInstant(d.updatedAt) : null,
        url: d.issueUrl ? clip(d.issueUrl, 1000) : null,
        details: { state: d.state },
      },
    ],
  };
}

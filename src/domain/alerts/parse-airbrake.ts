/**
 * Airbrake's webhook integration: one POST per new error (or resolved error that occurs again),
 * `{ error: { id, error_message, error_class, project: { id, name }, environment,
 * first_occurred_at, last_occurred_at, times_occurred }, airbrake_error_url }`. Airbrake never says
 * an error is over, so its alerts only fire. Shape: Airbrake docs, "Webhooks", JSON structure.
 */
import { z } from 'zod';
import { clip, toInstant, toLabels, toProblems } from './incoming.js';
import type { ParseResult } from './incoming.js';

const airbrakePayload = z
  .object({
    error: z
      .object({
        id: z.union([z.number(), z.string().min(1)]),
        error_message: z.string().default(''),
        error_class: z.string().default(''),
        project: z.object({ id: z.union([z.number(), z.string()]), name: z.string().min(1) }).loose(),
        environment: z.string().default(''),
        first_occurred_at: z.string().optional(),
        last_occurred_at: z.string().optional(),
        times_occurred: z.number().optional(),
      })
      .loose(),
    airbrake_error_url: z.string().optional(),
  })
  .loose();

export function parseAirbrake(body: unknown): ParseResult {
  const parsed = airbrakePayload.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  const e = parsed.data.error;
  return {
    ok: true,
    alerts: [
      {
        source: 'airbrake',
        fingerprint: `${e.project.id}:${e.id}`,
        status: 'firing',
        title: clip(e.error_message || e.error_class || `Airbrake error ${e.id}`),
        labels: toLabels({ project: e.project.name, environment: e.environment, error_class: e.error_class }),
        severityValue: null,
        startsAt: toInstant(e.first_occurred_at) ?? toInstant(e.last_occurred_at),
        endsAt: null,
        url: parsed.data.airbrake_error_url ? clip(parsed.data.airbrake_error_url, 1000) : null,
        details: { timesOccurred: e.times_occurred ?? null, environment: e.environment || null },
      },
    ],
  };
}

/**
 * PagerDuty v3 webhook payloads, as far as casebridge reads them: `{ event: { id, event_type,
 * occurred_at, agent, data } }` with `data` an incident whose `incident_key` is the dedup_key we
 * triggered with (our incident key). Shape: PagerDuty developer docs, "Webhooks Overview".
 */
import { z } from 'zod';
import { toProblems } from './incoming.js';

const webhookSchema = z
  .object({
    event: z
      .object({
        id: z.string().min(1).max(200),
        event_type: z.string().min(1).max(100),
        resource_type: z.string().optional(),
        occurred_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time'),
        agent: z.object({ id: z.string().optional(), summary: z.string().optional(), type: z.string().optional() }).loose().nullish(),
        data: z.object({ id: z.string().min(1).max(100), type: z.string().optional(), incident_key: z.string().max(255).nullish(), status: z.string().optional() }).loose(),
      })
      .loose(),
  })
  .loose();

export interface PagerDutyWebhookEvent {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  /** Who acted: a person's name (`user_reference`) or the integration. */
  agent: string | null;
  remoteIncidentId: string;
  /** The dedup_key of the alert (our incident key), when the event is about an incident. */
  incidentKey: string | null;
}

export function parsePagerDutyWebhook(body: unknown): { ok: true; event: PagerDutyWebhookEvent } | { ok: false; problems: string[] } {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error.issues) };
  const e = parsed.data.event;
  return {
    ok: true,
    event: {
      eventId: e.id,
      eventType: e.event_type,
      occurredAt: new Date(Date.parse(e.occurred_at)),
      agent: e.agent?.summary ?? e.agent?.id ?? null,
      remoteIncidentId: e.data.id,
      incidentKey: e.data.incident_key ?? null,
    },
  };
}

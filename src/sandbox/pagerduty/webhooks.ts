/**
 * PagerDuty's v3 webhooks from the emulator: one `{ event: { id, event_type, resource_type,
 * occurred_at, agent, client, data } }` per incident change, `data` an `incident` (id, number,
 * status, incident_key, title, service …), signed `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of
 * the body>` once per secret, comma-separated (two secrets while one is rotated). Failed
 * deliveries are retried a few times, as PagerDuty retries non-2xx answers.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { EmulatedIncident } from './model.js';

export type WebhookEventType = 'incident.triggered' | 'incident.acknowledged' | 'incident.resolved';

export interface WebhookTarget {
  url: string;
  secrets: readonly string[];
}

export interface Delivery {
  eventType: WebhookEventType;
  incidentId: string;
  status: number | 'unreachable';
  attempts: number;
}

export function signPagerDutyBody(rawBody: string, secrets: readonly string[]): string {
  return secrets.map((secret) => `v1=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`).join(',');
}

export function buildWebhookBody(
  type: WebhookEventType,
  incident: EmulatedIncident,
  agent: { id: string; summary: string; type: 'user_reference' | 'service_reference' },
  occurredAt: Date,
  baseUrl: string,
): string {
  return JSON.stringify({
    event: {
      id: randomUUID(),
      event_type: type,
      resource_type: 'incident',
      occurred_at: occurredAt.toISOString(),
      agent: { ...agent, self: `${baseUrl}/api/users/${agent.id}`, html_url: `${baseUrl}/users/${agent.id}` },
      client: { name: 'PagerDuty' },
      data: {
        id: incident.id,
        type: 'incident',
        self: `${baseUrl}/api/incidents/${incident.id}`,
        html_url: `${baseUrl}/incidents/${incident.id}`,
        number: incident.number,
        status: incident.status,
        incident_key: incident.dedupKey,
        created_at: incident.createdAt.toISOString(),
        title: incident.title,
        service: { id: incident.serviceId, summary: incident.serviceId, type: 'service_reference' },
        assignees: [],
        urgency: incident.severity === 'critical' || incident.severity === 'error' ? 'high' : 'low',
        resolve_reason: null,
      },
    },
  });
}

/** Posts one signed body; retries on non-2xx or no answer, waiting `retryDelaysMs` between tries. */
export async function deliver(target: WebhookTarget, body: string, retryDelaysMs: readonly number[]): Promise<{ status: number | 'unreachable'; attempts: number }> {
  let last: number | 'unreachable' = 'unreachable';
  for (let attempt = 0; attempt <= retryDelaysMs.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt - 1]));
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, target.secrets), 'user-agent': 'PagerDuty-Webhook/V3.0' },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      last = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { status: last, attempts: attempt + 1 };
    } catch {
      last = 'unreachable';
    }
  }
  return { status: last, attempts: retryDelaysMs.length + 1 };
}

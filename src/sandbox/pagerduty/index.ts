/**
 * The PagerDuty emulator: the Events API v2 (`POST /v2/enqueue`) with its real answers (202
 * `{ status: "success", message: "Event processed", dedup_key }`, 400 "invalid event" listing every
 * error, 429 when throttled), one incident per open alert (dedup_key on a routing key), people
 * acknowledging or resolving through `/__sandbox/pagerduty/...`, and signed v3 webhooks back to
 * casebridge on every incident change. README.md names the sources of each behaviour.
 */
import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { AlertEvent } from './events-api.js';
import type { EmulatedIncident, ReceivedEvent } from './model.js';
import { createPagerDutyRoutes } from './routes.js';
import { buildWebhookBody, deliver } from './webhooks.js';
import type { Delivery, WebhookEventType, WebhookTarget } from './webhooks.js';

export type { EmulatedIncident, ReceivedEvent } from './model.js';

export interface PagerDutyEmulatorOptions {
  now?: () => Date;
  /** Waits between webhook retries, ms (default 200, 1000). */
  webhookRetryDelaysMs?: readonly number[];
  /** Base URL used in the links of webhook payloads. */
  publicBaseUrl?: () => string;
}

export interface PagerDutyEmulator {
  /** `POST /v2/enqueue`. */
  router: Router;
  /** Mount at `/__sandbox/pagerduty`. */
  controls: Router;
  incidents(): readonly EmulatedIncident[];
  events(): readonly ReceivedEvent[];
  deliveries(): readonly Delivery[];
  /** Where v3 webhooks go, signed with each secret (undefined: none are sent). */
  setWebhookTarget(target: WebhookTarget | undefined): void;
  /** A person acts on an incident in PagerDuty's UI (by incident id or dedup_key). */
  act(idOrKey: string, action: 'acknowledge' | 'resolve', user?: string): EmulatedIncident | undefined;
  /** The next `count` enqueue calls answer this status (429 throttled, 500 internal error). */
  failNext(count: number, status: 429 | 500): void;
  /** Resolves when every webhook delivery started so far has finished (tests). */
  settle(): Promise<void>;
  reset(): void;
}

export function createPagerDutyEmulator(options: PagerDutyEmulatorOptions = {}): PagerDutyEmulator {
  const now = options.now ?? (() => new Date());
  const baseUrl = options.publicBaseUrl ?? (() => 'https://sandbox.pagerduty.example');
  const retryDelaysMs = options.webhookRetryDelaysMs ?? [200, 1000];
  let incidents: EmulatedIncident[] = [];
  let events: ReceivedEvent[] = [];
  let deliveries: Delivery[] = [];
  let target: WebhookTarget | undefined;
  let failures: { count: number; status: 429 | 500 } = { count: 0, status: 429 };
  const inFlight = new Set<Promise<void>>();

  const send = (type: WebhookEventType, incident: EmulatedIncident, agent: { id: string; summary: string; type: 'user_reference' | 'service_reference' }) => {
    if (!target) return;
    const to = target;
    const body = buildWebhookBody(type, incident, agent, now(), baseUrl());
    const job = deliver(to, body, retryDelaysMs).then((result) => {
      deliveries.push({ eventType: type, incidentId: incident.id, ...result });
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };

  const openAlert = (routingKey: string, dedupKey: string) => incidents.find((i) => i.dedupKey === dedupKey && i.routingKey === routingKey && i.status !== 'resolved');
  const integration = (routingKey: string) => ({ id: `PSVC${routingKey.slice(-4).toUpperCase()}`, summary: 'Events API v2 integration', type: 'service_reference' as const });

  const changeStatus = (incident: EmulatedIncident, to: 'acknowledged' | 'resolved', agent: { id: string; summary: string; type: 'user_reference' | 'service_reference' }) => {
    if (incident.status === to || incident.status === 'resolved') return;
    incident.status = to;
    if (to === 'acknowledged') incident.acknowledgedAt = now();
    else incident.resolvedAt = now();
    send(to === 'acknowledged' ? 'incident.acknowledged' : 'incident.resolved', incident, agent);
  };

  /** Applies a valid event; the answer is always 202 (dropped events too, as PagerDuty does). */
  const apply = (event: AlertEvent): { dedupKey: string; outcome: ReceivedEvent['outcome'] } => {
    const dedupKey = event.dedupKey ?? randomBytes(16).toString('hex');
    const open = openAlert(event.routingKey, dedupKey);
    if (event.action === 'trigger') {
      if (open) {
        open.triggers += 1;
        return { dedupKey, outcome: 'deduplicated' };
      }
      const incident: EmulatedIncident = {
        id: `P${randomBytes(4).toString('hex').slice(0, 6).toUpperCase()}`,
        number: incidents.length + 1,
        routingKey: event.routingKey,
        serviceId: integration(event.routingKey).id,
        dedupKey,
        status: 'triggered',
        title: event.summary ?? '',
        severity: event.severity ?? 'critical',
        createdAt: now(),
        acknowledgedAt: null,
        resolvedAt: null,
        triggers: 1,
      };
      incidents.push(incident);
      send('incident.triggered', incident, integration(event.routingKey));
      return { dedupKey, outcome: 'created' };
    }
    // Acknowledge and resolve apply to the open alert of the same routing key; otherwise dropped.
    if (!open) return { dedupKey, outcome: 'dropped' };
    changeStatus(open, event.action === 'acknowledge' ? 'acknowledged' : 'resolved', integration(event.routingKey));
    return { dedupKey, outcome: event.action === 'acknowledge' ? 'acknowledged' : 'resolved' };
  };

  const record = (entry: Omit<ReceivedEvent, 'at'>) => events.push({ ...entry, at: now() });
  const takeFailure = (): 429 | 500 | undefined => {
    if (failures.count <= 0) return undefined;
    failures.count -= 1;
    return failures.status;
  };

  const emulator: PagerDutyEmulator = {
    ...createPagerDutyRoutes(
      { apply, record, takeFailure, incidents: () => incidents, events: () => events, deliveries: () => deliveries, act: (id, action, user) => emulator.act(id, action, user) },
      {
        setWebhookTarget: (t) => emulator.setWebhookTarget(t),
        failNext: (count, status) => emulator.failNext(count, status),
        reset: () => emulator.reset(),
      },
    ),
    incidents: () => incidents,
    events: () => events,
    deliveries: () => deliveries,
    setWebhookTarget: (t) => {
      target = t;
    },
    act(idOrKey, action, user = 'PUSER01') {
      const incident = incidents.find((i) => i.id === idOrKey) ?? incidents.filter((i) => i.dedupKey === idOrKey).at(-1);
      if (!incident) return undefined;
      changeStatus(incident, action === 'acknowledge' ? 'acknowledged' : 'resolved', { id: user, summary: `Sandbox user ${user}`, type: 'user_reference' });
      return incident;
    },
    failNext(count, status) {
      failures = { count, status };
    },
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    reset() {
      incidents = [];
      events = [];
      deliveries = [];
      failures = { count: 0, status: 429 };
    },
  };
  return emulator;
}

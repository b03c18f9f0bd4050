/**
 * HTTP of the PagerDuty emulator: `POST /v2/enqueue` (the Events API v2) and the controls under
 * `/__sandbox/pagerduty`: list incidents, events and webhook deliveries; acknowledge or resolve an
 * incident as a person; set the webhook target and secrets; make the next calls fail; reset.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { validateAlertEvent } from './events-api.js';
import type { AlertEvent } from './events-api.js';
import type { EmulatedIncident, ReceivedEvent } from './model.js';
import type { Delivery, WebhookTarget } from './webhooks.js';

interface EventsSide {
  apply(event: AlertEvent): { dedupKey: string; outcome: ReceivedEvent['outcome'] };
  record(entry: Omit<ReceivedEvent, 'at'>): void;
  takeFailure(): 429 | 500 | undefined;
  incidents(): readonly EmulatedIncident[];
  events(): readonly ReceivedEvent[];
  deliveries(): readonly Delivery[];
  act(idOrKey: string, action: 'acknowledge' | 'resolve', user?: string): EmulatedIncident | undefined;
}

interface ControlSide {
  setWebhookTarget(target: WebhookTarget | undefined): void;
  failNext(count: number, status: 429 | 500): void;
  reset(): void;
}

const webhookBody = z.object({ url: z.string().url().nullable(), secrets: z.array(z.string().min(1)).min(1).max(2).optional() }).strict();
const faultBody = z.object({ count: z.number().int().min(0).max(1000), status: z.union([z.literal(429), z.literal(500)]).default(429) }).strict();
const actBody = z.object({ user: z.string().min(1).max(40).optional() }).strict();

export function createPagerDutyRoutes(side: EventsSide, controls: ControlSide): { router: Router; controls: Router } {
  const router = Router();
  // PagerDuty limits an Events API payload to 512 KB; bigger bodies are refused before parsing.
  router.post('/v2/enqueue', express.json({ limit: '512kb', type: () => true }), (req, res) => {
    const failure = side.takeFailure();
    const body: unknown = req.body;
    const validated = validateAlertEvent(body);
    const dedupKey = validated.ok ? (validated.event.dedupKey ?? '') : '';
    const routingKeyEnd = validated.ok ? validated.event.routingKey.slice(-4) : '';
    const action = validated.ok ? validated.event.action : 'trigger';
    if (failure === 429) {
      side.record({ action, dedupKey, routingKeyEnd, status: 429, outcome: 'refused' });
      res.status(429).json({ status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' });
      return;
    }
    if (failure === 500) {
      side.record({ action, dedupKey, routingKeyEnd, status: 500, outcome: 'refused' });
      res.status(500).json({ status: 'error', message: 'Internal Server Error' });
      return;
    }
    if (!validated.ok) {
      side.record({ action, dedupKey, routingKeyEnd, status: 400, outcome: 'refused' });
      res.status(400).json({ status: 'invalid event', message: 'Event object is invalid', errors: validated.errors });
      return;
    }
    const applied = side.apply(validated.event);
    side.record({ action, dedupKey: applied.dedupKey, routingKeyEnd, status: 202, outcome: applied.outcome });
    res.status(202).json({ status: 'success', message: 'Event processed', dedup_key: applied.dedupKey });
  });
  // A body express could not parse gets PagerDuty's own 400, not express's HTML page.
  router.use('/v2/enqueue', ((error, _req, res, _next) => {
    const status = (error as { status?: number }).status === 413 ? 413 : 400;
    res.status(status).json({ status: 'invalid event', message: status === 413 ? 'Request entity too large' : 'Event object is invalid', errors: ['Could not parse the request body as JSON'] });
  }) as express.ErrorRequestHandler);

  const control = Router();
  control.use(express.json({ limit: '64kb' }));
  control.get('/incidents', (_req, res) => res.json({ incidents: side.incidents() }));
  control.get('/events', (_req, res) => res.json({ events: side.events() }));
  control.get('/deliveries', (_req, res) => res.json({ deliveries: side.deliveries() }));
  for (const action of ['acknowledge', 'resolve'] as const) {
    control.post(`/incidents/:id/${action}`, (req, res) => {
      const parsed = actBody.safeParse(req.body ?? {});
      if (!parsed.success) return void res.status(400).json({ error: { code: 'INVALID_INPUT', message: parsed.error.issues.map((i) => i.message).join('; ') } });
      const incident = side.act(req.params.id, action, parsed.data.user);
      if (!incident) return void res.status(404).json({ error: { code: 'NOT_FOUND', message: `no incident with id or dedup_key ${req.params.id}` } });
      res.json({ incident });
    });
  }
  control.post('/webhook', (req, res) => {
    const parsed = webhookBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ error: { code: 'INVALID_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    if (parsed.data.url && !parsed.data.secrets)
      return void res.status(400).json({ error: { code: 'INVALID_INPUT', message: 'secrets: v3 webhooks are always signed; give one secret (two while rotating)' } });
    controls.setWebhookTarget(parsed.data.url ? { url: parsed.data.url, secrets: parsed.data.secrets! } : undefined);
    res.json({ ok: true });
  });
  control.post('/faults', (req, res) => {
    const parsed = faultBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ error: { code: 'INVALID_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    controls.failNext(parsed.data.count, parsed.data.status);
    res.json({ ok: true });
  });
  control.post('/reset', (_req, res) => {
    controls.reset();
    res.json({ ok: true });
  });
  return { router, controls: control };
}

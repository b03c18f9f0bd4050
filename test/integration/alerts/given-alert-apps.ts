/** Alert test wiring: casebridge's alert and PagerDuty webhooks as HTTP apps on port 0 (one per "replica"), each with its own worker. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { alertsFileSchema } from '../../../src/config/schemas/alerts.js';
import type { AlertsConfig } from '../../../src/config/schemas/alerts.js';
import { createHttpApp } from '../../../src/http/app.js';
import { createLogger } from '../../../src/logging.js';
import { createAlertRouters } from '../../../src/runtime/alerts-runtime.js';
import { createAlertWorker } from '../../../src/engine/incidents/alert-worker.js';
import type { AlertWorker } from '../../../src/engine/incidents/alert-worker.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';

export const ALERTS_TOKEN = 'test-alerts-token-0123456789';
export const PAGERDUTY_SECRET = 'test-pagerduty-secret-0123456789';

export function givenAlertsConfig(overrides: (c: AlertsConfig) => void = () => undefined): AlertsConfig {
  const config = alertsFileSchema.parse(parse(readFileSync('config/alerts.yaml', 'utf8')));
  overrides(config);
  return config;
}

export interface AlertApp {
  url: string;
  worker: AlertWorker;
  postAlert(source: string, body: unknown, token?: string | null): Promise<{ status: number; json: Record<string, unknown> }>;
  postPagerDuty(body: string, signature?: string): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function givenAlertApp(ctx: EngineContext, deps: IncidentDeps, alerts: AlertsConfig): Promise<AlertApp> {
  const worker = createAlertWorker(ctx, { alerts, incidents: deps, claimLeaseMs: 60_000 });
  const app = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    readiness: { check: async () => [] },
    mount: (http) => {
      for (const router of createAlertRouters({
        db: ctx.db,
        alerts,
        owners: deps.owners,
        alertsToken: ALERTS_TOKEN,
        pagerDutySecret: PAGERDUTY_SECRET,
        worker,
        ...(deps.now ? { now: deps.now } : {}),
      }))
        http.use(router);
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answer = async (response: Response) => ({ status: response.status, json: ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown> });
  return {
    url,
    worker,
    postAlert: async (source, body, token = ALERTS_TOKEN) =>
      answer(
        await fetch(`${url}/webhooks/alerts/${source}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    postPagerDuty: async (body, signature) =>
      answer(await fetch(`${url}/webhooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-pagerduty-signature': signature } : {}) }, body })),
    close: async () => {
      await worker.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Shared set-up of the Jira emulator webhook suites: a fresh emulator per test (retries after 50
 * and 100 ms, an emulator-wide secret) with a jira.js client, a receiver that answers scripted
 * statuses and keeps every delivery byte for byte, and the signature check casebridge must make.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Version3Client } from 'jira.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

export interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

/** A webhook receiver that answers the scripted statuses in order (then 200) and keeps every delivery. */
export async function startReceiver(statuses: number[] = []): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) as Record<string, unknown> });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jira/webhook`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies `X-Hub-Signature: sha256=<hex>` over the raw body, as casebridge's receiver must. */
export function hasValidSignature(delivery: Delivery, secret: string): boolean {
  const header = delivery.headers['x-hub-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(delivery.rawBody).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface JiraWebhookRig {
  server: JiraTestServer;
  client: Version3Client;
}

/** Registers the per-test hooks; the rig's fields are set once `beforeEach` has run. */
export function useJiraWebhookRig(): JiraWebhookRig {
  const rig = {} as JiraWebhookRig;
  beforeEach(async () => {
    rig.server = await startJiraTestServer({ webhookRetryDelaysMs: [50, 100], webhookSecret: 'dynamic-secret' });
    rig.client = new Version3Client({ host: rig.server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 't' } } });
  });
  afterEach(async () => {
    await rig.server.close();
  });
  return rig;
}

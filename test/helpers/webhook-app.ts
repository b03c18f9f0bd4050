/**
 * The casebridge HTTP app with both push endpoints, started on port 0 and wired to a sync
 * harness's engine queues — what Jira and Salesforce call in production. Tests can make the
 * queue fail or hold, and see every enqueue the endpoints made.
 */
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../src/http/app.js';
import { createJiraWebhookRouter } from '../../src/http/webhooks/jira.js';
import { createSalesforceOutboundRouter } from '../../src/http/webhooks/salesforce.js';
import { createLogger } from '../../src/logging.js';
import type { SyncHarness } from './sync-harness.js';

export interface WebhookApp {
  url: string;
  /** Every successful enqueue the endpoints made, in order. */
  enqueued: { cases: string[][]; issues: string[][] };
  /** What the Jira endpoint reported per delivery. */
  outcomes: string[];
  /** Set to make the queue refuse work (as if PostgreSQL were down). */
  failEnqueue: boolean;
  /** When set, enqueues wait for this promise before reaching the queue. */
  holdEnqueue?: Promise<void>;
  postJira(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  postSalesforce(xml: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** `X-Hub-Signature` value of a raw body, as Jira (and the sandbox) compute it. */
export function signHub(body: string | Buffer, secret: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}

export async function givenWebhookApp(h: SyncHarness, options: { secret: string; organizationId: string }): Promise<WebhookApp> {
  const integrationAccountId = await h.context.issues.getIntegrationAccountId();
  const state: Pick<WebhookApp, 'enqueued' | 'outcomes' | 'failEnqueue' | 'holdEnqueue'> = { enqueued: { cases: [], issues: [] }, outcomes: [], failEnqueue: false };
  const gate = async () => {
    if (state.holdEnqueue) await state.holdEnqueue;
    if (state.failEnqueue) throw new Error('queue unavailable (test)');
  };
  const app = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    readiness: { check: async () => [] },
    mount: (http) => {
      http.use(
        createJiraWebhookRouter({
          secret: options.secret,
          integrationAccountId: () => integrationAccountId,
          enqueueIssues: async (keys) => {
            await gate();
            await h.engine.enqueueIssues(keys);
            state.enqueued.issues.push([...keys]);
          },
          onDelivery: (outcome) => state.outcomes.push(outcome),
        }),
      );
      http.use(
        createSalesforceOutboundRouter({
          organizationId: () => options.organizationId,
          enqueueCases: async (ids) => {
            await gate();
            await h.engine.enqueueCases(ids);
            state.enqueued.cases.push([...ids]);
          },
        }),
      );
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1');
    listening.once('listening', () => resolve(listening));
    listening.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };
  return Object.assign(state, {
    url,
    postJira: (body: string | Buffer, headers: Record<string, string> = {}) => post('/webhooks/jira', body, { 'content-type': 'application/json', ...headers }),
    postSalesforce: (xml: string) => post('/webhooks/salesforce', xml, { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

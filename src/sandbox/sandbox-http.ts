/**
 * The sandbox's HTTP side: the one express app and the order its parts answer in (PagerDuty, the
 * controls, then the front door's stats and faults before Salesforce and Jira, then a 404 naming
 * what is served), and listening on a port. Apart from server.ts, which builds, seeds and resets the
 * emulators the app serves.
 */
import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { SalesforceEmulator } from './salesforce/index.js';
import type { JiraEmulator } from './jira/index.js';
import type { PagerDutyEmulator } from './pagerduty/index.js';
import type { CallStats } from './controls/stats.js';
import type { FaultInjector } from './controls/faults.js';
import { createFrontDoor } from './controls/front-door.js';
import { createControlRoutes, type ResetOptions } from './controls/routes.js';

/** What the app serves and what its controls reach. */
export interface SandboxAppParts {
  salesforce: SalesforceEmulator;
  jira: JiraEmulator;
  pagerduty: PagerDutyEmulator;
  stats: CallStats;
  faults: FaultInjector;
  now: () => Date;
  reset: (options?: ResetOptions) => { cases: number; jiraIssues: number };
  /** The base URL as it is now (known once the sandbox listens). */
  baseUrl: () => string;
  organizationId: string;
  strictAuth: boolean;
  webhookSecret: string | undefined;
}

/** The sandbox's express app. */
export function createSandboxApp(parts: SandboxAppParts): Express {
  const { salesforce, jira, pagerduty, stats, faults, now, reset, organizationId } = parts;
  const app = express();
  app.disable('x-powered-by');
  // PagerDuty's own controls and API first: the front door's stats and faults are Salesforce's and Jira's.
  app.use('/__sandbox/pagerduty', pagerduty.controls);
  app.use(pagerduty.router);
  app.use(
    '/__sandbox',
    createControlRoutes({
      stats,
      faults,
      reset,
      runSalesforceActor: (action) => salesforce.runActor(action),
      runJiraActor: (action) => jira.runActor(action),
      setOutboundUrl: (url) => salesforce.setOutboundUrl(url),
      setWebhookUrl: (url) => jira.setWebhookTarget(url, parts.webhookSecret),
      setJiraUserTimeZone: (timeZone) => jira.setApiUserTimeZone(timeZone),
      info: () => ({
        url: parts.baseUrl(),
        salesforce: { instanceUrl: parts.baseUrl(), apiVersion: '62.0', organizationId, integrationUserId: salesforce.people().integrationUserId, strictAuth: parts.strictAuth },
        jira: { host: parts.baseUrl() },
        outbound: salesforce.outboundStats(),
      }),
    }),
  );
  app.use(createFrontDoor(stats, faults, now));
  app.use(salesforce.router);
  app.use(jira.router);
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `The sandbox serves /services/..., /rest/api/3/..., /v2/enqueue and /__sandbox/...; not ${req.method} ${req.path}` } });
  });
  return app;
}

/** Listens on `host:port`; resolves with the server and the base URL local clients reach it at. */
export function listenOn(app: Express, port: number, host: string): Promise<{ server: Server; url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      // A wildcard address is not reachable as such; local clients use the loopback address.
      const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({ server, url: `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${address.port}`, port: address.port });
    });
  });
}

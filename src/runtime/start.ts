/**
 * Starts casebridge in one of its roles. Every part started registers how to stop it, so a
 * SIGTERM stops them in reverse order: stop taking work, finish or release what is in flight,
 * close the pool.
 */
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { Database } from '../adapters/store/database.js';
import { createHttpApp } from '../http/app.js';
import { closeServer, listen } from '../http/serve.js';
import { combineReadiness, createDatabaseReadiness } from './readiness.js';
import { createSystemsReadiness } from './system-readiness.js';
import { engineOf, openRuntime } from './open-runtime.js';
import type { ConnectedSystems, SandboxSettings } from './systems.js';
import type { EngineRuntime, EngineRuntimeOptions } from './engine-runtime.js';
import { createJiraWebhookRouter } from '../http/webhooks/jira.js';
import { createOutboundPushRouter } from './outbound-push.js';
import { webhookDeliveries } from '../metrics.js';
import { createAdminRouter } from '../http/admin.js';
import { attachIncidents } from './incidents-runtime.js';
import { attachAlerts } from './alerts-runtime.js';
import { attachSla } from './sla-runtime.js';
import { attachClassifierRetrain } from './classification-runtime.js';
import { assertStartChecks } from '../doctor/run.js';
import { createRuntimeConsole } from '../console/mount.js';
import { assertConsoleSignIn } from '../console/access/from-config.js';

export const ROLES = ['all', 'web', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export interface StartOptions {
  config: Config;
  logger: Logger;
  role: Role;
  /** Overrides the configured port (tests pass 0). */
  port?: number;
  /** Sandbox mode only: demo seed and activity simulator. */
  sandbox?: SandboxSettings;
  engine?: EngineRuntimeOptions;
}

export interface RunningCasebridge {
  mode: Config['mode'];
  role: Role;
  /** Base URL of the HTTP server, when this role serves HTTP. */
  url?: string;
  /** Where the HTTP server is bound, as bound (`127.0.0.1:3000`, or `[::]:3000` for every interface). */
  listenAddress?: string;
  db: Database;
  systems: ConnectedSystems;
  engine: EngineRuntime;
  stop(): Promise<void>;
}

/** web serves HTTP and runs the scheduler; worker runs the queue workers; all runs everything. */
const serves = (role: Role) => role === 'all' || role === 'web';
const schedules = (role: Role) => role === 'all' || role === 'web' || role === 'scheduler';
const works = (role: Role) => role === 'all' || role === 'worker';

export async function startCasebridge(options: StartOptions): Promise<RunningCasebridge> {
  const { config, logger, role } = options;
  if (config.mode === 'sandbox' && role !== 'all') {
    logger.warn({ role }, 'sandbox mode keeps its emulators in this process: other roles cannot share them, so run --role all');
  }
  // Production: refuse to run against an org or site that lacks what the config needs (doctor's fast subset).
  const clients = config.mode === 'production' ? await assertStartChecks(config) : undefined;
  // Production web: the console needs a way to sign in (it is never served open there).
  if (config.mode === 'production' && serves(role)) assertConsoleSignIn(config);
  const runtime = await openRuntime(config, logger, { sandbox: options.sandbox, engine: options.engine, ...(clients ? { clients } : {}) });
  try {
    const { db, systems } = runtime;
    const engine = engineOf(runtime);
    // The incident pass extension; its jobs start below with the other schedules.
    const incidents = attachIncidents(runtime, runtime.config);
    // Monitoring alerts in, PagerDuty as a pager of the incidents' on-call chains.
    const alerts = attachAlerts(runtime, runtime.config, incidents);
    // SLA: history and write-back at the end of every pass; the scan and breach reports below.
    const sla = attachSla(runtime, runtime.config);
    const integrationAccountId = await systems.issues.getIntegrationAccountId().catch(() => undefined);
    let url: string | undefined;
    let listenAddress: string | undefined;
    if (serves(role)) {
      const consoleRouter = createRuntimeConsole(runtime, sla?.runtime.sla);
      const app = createHttpApp({
        logger,
        readiness: combineReadiness(createDatabaseReadiness(db), createSystemsReadiness(systems.clients)),
        mount: (http) => {
          http.use(
            createJiraWebhookRouter({
              secret: systems.webhookSecret,
              integrationAccountId: () => integrationAccountId,
              enqueueIssues: (keys) => engine.engine.enqueueIssues(keys),
              onDelivery: (outcome) => webhookDeliveries.inc({ system: 'jira', outcome }),
            }),
          );
          const outbound = createOutboundPushRouter({ sync: runtime.context.config, organizationId: () => systems.organizationId, enqueueCases: (ids) => engine.engine.enqueueCases(ids), logger });
          if (outbound) http.use(outbound);
          http.use(
            createAdminRouter({
              token: config.env.adminToken,
              db: db.knex,
              enqueueCases: (ids) => engine.engine.enqueueCases(ids),
              enqueueIssues: (keys) => engine.engine.enqueueIssues(keys),
              stats: () => engine.engine.stats,
            }),
          );
          for (const router of alerts?.routers ?? []) http.use(router);
          // The console last: it answers `/` and every page path not taken above.
          if (consoleRouter) http.use(consoleRouter);
        },
      });
      // The sandbox is a demo on this machine: loopback only. Production serves webhooks: every interface.
      const server = await listen(app, options.port ?? config.env.port, config.mode === 'sandbox' ? '127.0.0.1' : undefined);
      const { port, address, family } = server.address() as AddressInfo;
      url = `http://127.0.0.1:${port}`;
      listenAddress = family === 'IPv6' ? `[${address}]:${port}` : `${address}:${port}`;
      runtime.onClose('http', () => closeServer(server));
      // Closed before the server (stoppers run in reverse): its live streams would hold the server open.
      if (consoleRouter) runtime.onClose('console', async () => consoleRouter.close());
      systems.setPushTarget(url);
      alerts?.setPushTarget(url);
      logger.info({ port, role }, 'http server listening');
    }
    if (works(role)) await engine.engine.startWorkers();
    if (schedules(role)) {
      engine.engine.startPolling();
      incidents?.startJobs();
      alerts?.startJobs();
      sla?.startJobs();
      // The optional scheduled retrain (classification.yaml retrain.enabled).
      attachClassifierRetrain(runtime, config.env.configDir)?.startJobs();
    }
    return { mode: config.mode, role, url, listenAddress, db, systems, engine, stop: runtime.close };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/**
 * Starts casebridge in one of its roles. Every part started registers how to stop it, so a
 * SIGTERM stops them in reverse order: stop taking work, finish or release what is in flight,
 * close the pool.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { Database } from '../adapters/store/database.js';
import { listPendingMigrations, migrateLatest } from '../adapters/store/database.js';
import { createHttpApp } from '../http/app.js';
import { createDatabaseReadiness } from './readiness.js';
import { openConfiguredDatabase } from './open-store.js';
import { connectSystems } from './systems.js';
import type { ConnectedSystems, SandboxSettings } from './systems.js';
import { startEngineRuntime } from './engine-runtime.js';
import type { EngineRuntime, EngineRuntimeOptions } from './engine-runtime.js';
import { createJiraWebhookRouter } from '../http/webhooks/jira.js';
import { createSalesforceOutboundRouter } from '../http/webhooks/salesforce.js';

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
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const { name, stop } of stoppers.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error, part: name }, 'error while stopping');
      }
    }
    stoppers.length = 0;
  };

  try {
    const db = await openConfiguredDatabase(config);
    stoppers.push({ name: 'database', stop: () => db.close() });

    if (config.mode === 'sandbox') {
      // The embedded default has no release phase: bring the schema up to date here.
      const applied = await migrateLatest(db.knex);
      if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
    } else {
      const pending = await listPendingMigrations(db.knex);
      if (pending.length > 0) throw new Error(`database schema is behind (${pending.join(', ')}); run \`casebridge migrate\` first (the Procfile release phase does)`);
    }

    if (config.mode === 'sandbox' && role !== 'all') {
      logger.warn({ role }, 'sandbox mode keeps its emulators in this process: other roles cannot share them, so run --role all');
    }
    const systems = await connectSystems(config, options.sandbox);
    stoppers.push({ name: 'systems', stop: () => systems.close() });
    const engine = await startEngineRuntime(config, db, systems, logger, options.engine);
    stoppers.push({ name: 'engine', stop: () => engine.stop() });
    const integrationAccountId = await systems.issues.getIntegrationAccountId().catch(() => undefined);

    let url: string | undefined;
    if (serves(role)) {
      const app = createHttpApp({
        logger,
        readiness: createDatabaseReadiness(db),
        mount: (http) => {
          http.use(createJiraWebhookRouter({ secret: systems.webhookSecret, integrationAccountId: () => integrationAccountId, enqueueIssues: (keys) => engine.engine.enqueueIssues(keys) }));
          http.use(createSalesforceOutboundRouter({ organizationId: () => systems.organizationId, enqueueCases: (ids) => engine.engine.enqueueCases(ids) }));
        },
      });
      const server = await listen(app, options.port ?? config.env.port);
      const { port } = server.address() as AddressInfo;
      url = `http://127.0.0.1:${port}`;
      stoppers.push({ name: 'http', stop: () => closeServer(server) });
      systems.setPushTarget(url);
      logger.info({ port, role }, 'http server listening');
    }
    if (works(role)) await engine.engine.startWorkers();
    if (schedules(role)) engine.engine.startPolling();

    return { mode: config.mode, role, url, db, systems, engine, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function listen(app: import('express').Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Stops accepting connections, lets in-flight requests finish, then drops idle keep-alive sockets. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  });
}

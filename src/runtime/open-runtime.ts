/**
 * The parts every long or one-shot command needs: the database (migrated in sandbox mode,
 * checked in production), the two systems, and the engine. Closed in reverse order.
 */
import type { Config } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { Database } from '../adapters/store/database.js';
import { listPendingMigrations, migrateLatest, openDatabase } from '../adapters/store/database.js';
import { openConfiguredDatabase } from './open-store.js';
import { connectSystems } from './systems.js';
import type { ConnectedSystems, SandboxSettings, SystemClients } from './systems.js';
import { buildEngineContext, startEngineRuntime } from './engine-runtime.js';
import type { EngineRuntime, EngineRuntimeOptions } from './engine-runtime.js';
import type { EngineContext } from '../engine/context.js';
import { startFeedsAtFirstStart } from '../engine/feeds/first-start.js';
import { trackApiUsage } from '../adapters/api-usage/index.js';

export interface OpenRuntime {
  /** The config with Jira custom field names resolved to ids (what every part of the runtime uses). */
  config: Config;
  db: Database;
  systems: ConnectedSystems;
  context: EngineContext;
  /** The queue-backed engine; absent when opened with `queue: false`. */
  engine?: EngineRuntime;
  /** Registers something to stop before the parts above (HTTP server, timers). */
  onClose(name: string, stop: () => Promise<void>): void;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  options: { sandbox?: SandboxSettings; engine?: EngineRuntimeOptions; queue?: boolean; oneShot?: boolean; clients?: SystemClients } = {},
): Promise<OpenRuntime> {
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  const close = async () => {
    for (const { name, stop } of stoppers.reverse()) {
      const startedAt = Date.now();
      try {
        await stop();
        logger.debug({ part: name, tookMs: Date.now() - startedAt }, 'stopped part');
      } catch (error) {
        logger.error({ err: error, part: name }, 'error while stopping');
      }
    }
    stoppers.length = 0;
  };
  try {
    // A sandbox one-shot command's emulators live only as long as the command, so its sync state does
    // too: an in-memory database, leaving the stored state (the last `start`'s) as it is.
    const db = config.mode === 'sandbox' && options.oneShot ? await openDatabase({}) : await openConfiguredDatabase(config);
    stoppers.push({ name: 'database', stop: () => db.close() });
    if (config.mode === 'sandbox') {
      // The embedded default has no release phase: bring the schema up to date here.
      const applied = await migrateLatest(db.knex);
      if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
      // The emulators start from their seed every run, so links and cursors from an earlier run
      // would point at records that no longer exist: sandbox runs start their sync state afresh.
      await db.knex.raw('TRUNCATE links, snapshots, cursors, dead_letters, status_history, sla_results, tickets, rca_stages, incidents CASCADE');
    } else {
      const pending = await listPendingMigrations(db.knex);
      if (pending.length > 0) throw new Error(`database schema is behind (${pending.join(', ')}); run \`casebridge migrate\` first (the Procfile release phase does)`);
      // A real org has history: the feeds start at this deployment's first start (backfill brings the rest).
      // In sandbox mode the emulated org is created by this very start, so its demo cases are all new.
      const first = await startFeedsAtFirstStart(db.knex);
      if (first.isFirstStart) logger.info({ firstStartAt: first.firstStartAt }, 'first start: the feeds mirror changes from now on; bring in older cases with `casebridge backfill --since DATE`');
    }
    const retryHooks = options.engine?.retry;
    const systems = await connectSystems(config, options.sandbox, {
      ...(options.clients ? { clients: options.clients } : {}),
      retryHooks: {
        ...retryHooks,
        onRetry: (info) => {
          logger.info({ operation: info.operation, attempt: info.attempt, waitMs: info.waitMs, code: (info.error as { code?: string }).code }, 'retrying a request after a transient failure');
          retryHooks?.onRetry?.(info);
        },
      },
    });
    stoppers.push({ name: 'systems', stop: () => systems.close() });
    // Budget headers of every response (Sforce-Limit-Info, Jira X-RateLimit-*), written every few seconds.
    const apiUsage = trackApiUsage({ db: db.knex, clients: systems.clients, onProblem: (message, error) => logger.warn({ err: error }, message) });
    stoppers.push({ name: 'api usage', stop: () => apiUsage.stop() });
    const context = buildEngineContext(systems.config, db, systems, logger, options.engine);
    let engine: EngineRuntime | undefined;
    if (options.queue !== false) {
      const started = await startEngineRuntime(context, db, options.engine);
      stoppers.push({ name: 'engine', stop: () => started.stop() });
      engine = started;
    }
    return { config: systems.config, db, systems, context, engine, onClose: (name, stop) => stoppers.push({ name, stop }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The queue-backed engine of a runtime opened with the queue (the default). */
export function engineOf(runtime: OpenRuntime): EngineRuntime {
  if (!runtime.engine) throw new Error('this runtime was opened without the queue');
  return runtime.engine;
}

/** Builds the sync engine on an open database and connected systems. */
import type { Config } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { Database } from '../adapters/store/database.js';
import type { EngineContext } from '../engine/context.js';
import { SyncEngine } from '../engine/engine.js';
import { queueSchemaOf, startQueue } from '../engine/queue.js';
import { createDatabaseGovernor } from '../engine/budget/governor.js';
import { recoverAbandonedJobs } from '../engine/queue-recovery.js';
import type { RetryHooks } from '../engine/retry.js';
import { readConfiguredModel } from '../classification-io/files.js';
import { readSignalModels } from '../classification-io/signal-models.js';
import type { ConnectedSystems } from './systems.js';
import { withOwnerRouting } from '../domain/incidents/owner-routing.js';
import { openQueueWakeup } from './queue-wakeup-runtime.js';

export interface EngineRuntime {
  engine: SyncEngine;
  context: EngineContext;
  /** Hands jobs a dead process left active past their expiry back to the queues, due now (`sync --once`). */
  recoverAbandonedJobs(): Promise<number>;
  stop(): Promise<void>;
}

export interface EngineRuntimeOptions {
  intentLeaseMs?: number;
  batchSize?: number;
  /** Hooks of the request retry the adapters are built with (waits, attempts; tests fake the sleep). */
  retry?: RetryHooks;
  /** pg-boss: seconds before an active job is handed to another worker. */
  expireInSeconds?: number;
}

/** The context a sync pass runs in (no queue needed: backfill uses it directly). */
export function buildEngineContext(config: Config, db: Database, systems: ConnectedSystems, logger: Logger, options: EngineRuntimeOptions = {}): EngineContext {
  const sync = config.files.sync!;
  return {
    db: db.knex,
    // Topics the directory (owners.yaml) assigns route to their service's project after sync.yaml's own rules.
    config: config.files.owners ? withOwnerRouting(sync, config.files.owners) : sync,
    cases: systems.cases,
    issues: systems.issues,
    logger,
    intentLeaseMs: options.intentLeaseMs ?? sync.engine.createLeaseSeconds * 1000,
    workflows: new Map(),
    classification: config.files.classification
      ? {
          config: config.files.classification,
          model: readConfiguredModel(config.env.configDir, config.files.classification),
          signalModels: readSignalModels(config.env.configDir, config.files.classification),
        }
      : undefined,
  };
}

export async function startEngineRuntime(context: EngineContext, db: Database, options: EngineRuntimeOptions = {}): Promise<EngineRuntime> {
  // pg-boss decides only whether a failed batch runs again (a few times); requests retry on their own.
  const boss = await startQueue(db, { logger: context.logger, ...(options.expireInSeconds !== undefined ? { expireInSeconds: options.expireInSeconds } : {}) });
  // Workers wake as soon as a job is queued, in any process (NOTIFY on PostgreSQL).
  const wakeup = await openQueueWakeup(db, context);
  // Polls give way to a live backlog and a nearly spent daily allocation (sync.yaml `budget`).
  const governor = createDatabaseGovernor(context.db, queueSchemaOf(db), context.config.budget);
  const engine = new SyncEngine(context, boss, { batchSize: options.batchSize ?? context.config.engine.batchSize, wakeup, governor });
  return {
    engine,
    context,
    recoverAbandonedJobs: () => recoverAbandonedJobs(boss, db),
    stop: async () => {
      await engine.stop();
      await wakeup.close();
      await boss.stop({ graceful: true, wait: true, timeout: 8_000 });
    },
  };
}

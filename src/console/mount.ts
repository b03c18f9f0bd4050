/**
 * Builds the console for a running casebridge: its deps from the runtime (database, resolved config,
 * the SLA engine the scan uses, the systems' base URLs for links) and the access layer.
 */
import type { CompiledSla } from '../domain/sla/engine.js';
import { placeUnplacedTickets } from '../adapters/store/board-order.js';
import type { OpenRuntime } from '../runtime/open-runtime.js';
import { createConsoleRouter } from './app.js';
import type { ConsoleRouter } from './app.js';
import type { ConsoleDeps } from './deps.js';
import { createOpenAccess } from './open-access.js';
import { queueSchemaOf } from '../engine/queue.js';

export function createRuntimeConsole(runtime: OpenRuntime, sla: CompiledSla | undefined): ConsoleRouter | undefined {
  const { config, systems } = runtime;
  const deps: ConsoleDeps = {
    db: runtime.db.knex,
    config,
    logger: runtime.context.logger,
    now: () => new Date(),
    links: { salesforceInstanceUrl: systems.clients.salesforce.instanceUrl, jiraSiteUrl: systems.clients.jiraBaseUrl },
    ...(sla ? { sla } : {}),
    ...(runtime.engine ? { queues: runtime.engine.engine } : {}),
    queueSchema: queueSchemaOf(runtime.db),
  };
  if (sla) {
    // Tickets stored before the board existed have no place on it yet; evaluations place the rest.
    placeUnplacedTickets(deps.db, sla.statusRules.resolvedStatuses).then(
      (placed) => placed > 0 && deps.logger.info({ placed }, 'console: placed tickets stored before the board existed'),
      (error: unknown) => deps.logger.warn({ err: error }, 'console: placing earlier tickets on the board failed; they appear once re-evaluated'),
    );
  }
  // Until the access layer (sign-in, roles) is wired here, production does not serve the console.
  if (config.mode !== 'sandbox') return undefined;
  return createConsoleRouter(deps, createOpenAccess());
}

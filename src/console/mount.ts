/**
 * Builds the console for a running casebridge: its deps from the runtime (database, resolved config,
 * the SLA engine the scan uses, the systems' base URLs for links) and the access layer.
 */
import type { CompiledSla } from '../domain/sla/engine.js';
import { placeUnplacedTickets } from '../adapters/store/board-order.js';
import { createDateHolidaysProvider } from '../adapters/holidays/date-holidays-provider.js';
import type { OpenRuntime } from '../runtime/open-runtime.js';
import { createConsoleRouter } from './app.js';
import type { ConsoleRouter } from './app.js';
import type { ConsoleDeps } from './deps.js';
import { openConsoleAccess } from './access/from-config.js';
import { queueSchemaOf } from '../engine/queue.js';

export function createRuntimeConsole(runtime: OpenRuntime, sla: CompiledSla | undefined): ConsoleRouter | undefined {
  const { config, systems } = runtime;
  const deps: ConsoleDeps = {
    db: runtime.db.knex,
    config,
    logger: runtime.context.logger,
    now: () => new Date(),
    links: { salesforceInstanceUrl: systems.clients.salesforce.instanceUrl, jiraSiteUrl: systems.clients.jiraBaseUrl },
    ...(sla ? { sla, holidays: createDateHolidaysProvider() } : {}),
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
  // Sandbox: open as the sandbox operator (CSRF still checked). Production: sign-in from console.yaml
  // and the environment; without any, start has already refused (assertConsoleSignIn).
  return createConsoleRouter(deps, openConsoleAccess(config, deps.db, deps.logger));
}

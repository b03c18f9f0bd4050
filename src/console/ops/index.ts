/**
 * The operations pages: incidents (`/incidents`), sync health (`/health`) and reports (`/reports`),
 * with their operator actions. Pages are for every viewer; every POST goes through
 * `access.requireOperator` (CSRF token, then the operator role).
 */
import type { Router } from 'express';
import type { ConsoleAccess } from '../access/types.js';
import type { ConsoleDeps } from '../deps.js';
import { registerHealthPage } from './health/routes.js';
import { registerIncidentPages } from './incidents/routes.js';
import { registerReportsPage } from './reports/routes.js';

export function registerOpsPages(router: Router, deps: ConsoleDeps, access: ConsoleAccess): void {
  registerIncidentPages(router, deps, access);
  registerHealthPage(router, deps, access);
  registerReportsPage(router, deps);
}

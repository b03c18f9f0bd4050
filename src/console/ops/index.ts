/**
 * The operations pages (incidents, sync health, reports): registered by the console app.
 * Placeholder until those pages land; it registers nothing.
 */
import type { Router } from 'express';
import type { ConsoleAccess } from '../access/types.js';
import type { ConsoleDeps } from '../deps.js';

export function registerOpsPages(_router: Router, _deps: ConsoleDeps, _access: ConsoleAccess): void {
  // Incidents, sync health and reports are registered here.
}

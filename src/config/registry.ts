/**
 * The config files casebridge knows: each has a zod schema and optional cross-field checks.
 * Adding a capability with its own file means adding one entry here.
 */
import type { z } from 'zod';
import type { ConfigIssue } from './issues.js';
import { classificationFileSchema } from './schemas/classification.js';
import { checkClassification } from './schemas/classification-checks.js';
import { checkReports, reportsFileSchema } from './schemas/reports.js';
import { checkSla, checkSlaCalendarNames, slaFileSchema } from './schemas/sla.js';
import { syncFileSchema } from './schemas/sync.js';
import { checkSync } from './schemas/sync-checks.js';
import { checkOwners, ownersFileSchema } from './schemas/owners.js';
import { checkIncidents, incidentsFileSchema } from './schemas/incidents.js';
import { alertsFileSchema, checkAlerts } from './schemas/alerts.js';
import { checkConsole, consoleFileSchema } from './schemas/console.js';

export interface ConfigFileSpec<T = unknown> {
  /** Key in the loaded config object. */
  name: string;
  /** File name inside the config directory. */
  fileName: string;
  /** A missing required file is a problem; a missing optional one leaves its feature off. */
  required: boolean;
  schema: z.ZodType<T>;
  check?: (value: T) => ConfigIssue[];
  /** Reference checks that also run on a file the schema refused, so every problem is listed at once. */
  checkUnparsed?: (raw: unknown) => ConfigIssue[];
}

const spec = <T>(s: ConfigFileSpec<T>): ConfigFileSpec => s as unknown as ConfigFileSpec;

export const CONFIG_FILES: readonly ConfigFileSpec[] = [
  spec({ name: 'sync', fileName: 'sync.yaml', required: true, schema: syncFileSchema, check: checkSync }),
  spec({ name: 'sla', fileName: 'sla.yaml', required: false, schema: slaFileSchema, check: (value) => checkSla(value), checkUnparsed: checkSlaCalendarNames }),
  spec({ name: 'reports', fileName: 'reports.yaml', required: false, schema: reportsFileSchema, check: checkReports }),
  spec({ name: 'classification', fileName: 'classification.yaml', required: false, schema: classificationFileSchema, check: checkClassification }),
  spec({ name: 'owners', fileName: 'owners.yaml', required: false, schema: ownersFileSchema, check: checkOwners }),
  spec({ name: 'incidents', fileName: 'incidents.yaml', required: false, schema: incidentsFileSchema, check: checkIncidents }),
  spec({ name: 'alerts', fileName: 'alerts.yaml', required: false, schema: alertsFileSchema, check: checkAlerts }),
  spec({ name: 'console', fileName: 'console.yaml', required: false, schema: consoleFileSchema, check: checkConsole }),
];

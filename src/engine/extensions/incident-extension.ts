/**
 * Incidents as a sync-pass extension: at the end of every pass, the batch's classified cases open
 * or join incidents (see engine/incidents/open-incidents.ts). The scheduled parts (watching the
 * incidents project, escalation, overdue RCA stages) are in src/jobs/incidents.ts.
 */
import type { PassExtension } from '../context.js';
import type { IncidentDeps } from '../incidents/deps.js';
import { handleIncidentPass, INCIDENT_CASE_FIELDS } from '../incidents/open-incidents.js';

export function createIncidentExtension(deps: IncidentDeps): PassExtension {
  return {
    name: 'incidents',
    caseFields: [...INCIDENT_CASE_FIELDS, deps.config.cases.incidentKeyField],
    async afterPass(ctx, pass) {
      await handleIncidentPass(ctx, deps, pass);
    },
  };
}

/** `casebridge incidents list [--open] [--format table|json]`: incidents with linked cases and RCA stages; `incidents report`: incidents-report.ts. */
import type { Command } from 'commander';
import { countCasesByIncident } from '../adapters/store/incident-cases.js';
import { listTrackedIncidents } from '../adapters/store/incident-tracking.js';
import { listRcaStages } from '../adapters/store/rca-stages.js';
import { formatIncidentTable, toIncidentListRow } from '../domain/incidents/list-view.js';
import { registerIncidentsReportCommand } from './incidents-report.js';
import { withDatabase } from './with-database.js';

export function registerIncidentsCommand(program: Command): void {
  const incidents = program.command('incidents').description('incidents opened from cases and alerts');
  registerIncidentsReportCommand(incidents);
  incidents
    .command('list')
    .description('incidents with linked-case counts, escalation, and RCA stage status and due times')
    .option('--open', 'only incidents not yet closed')
    .option('--format <format>', 'table or json', 'json')
    .action(async (options: { open?: boolean; format: string }) => {
      if (options.format !== 'table' && options.format !== 'json') {
        process.stderr.write(`casebridge: --format must be table or json, not "${options.format}"\n`);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (db) => {
        const incidents = await listTrackedIncidents(db.knex, { openOnly: options.open === true });
        const ids = incidents.map((i) => i.id);
        const counts = await countCasesByIncident(db.knex, ids);
        const stages = await listRcaStages(db.knex, ids);
        const now = new Date();
        const rows = incidents.map((incident) =>
          toIncidentListRow(
            { incident, linkedCases: counts.get(incident.id) ?? 0, corporateAccountsAffected: incident.corporateAccountsAffected, stages: stages.filter((s) => s.incidentId === incident.id) },
            now,
          ),
        );
        process.stdout.write(options.format === 'table' ? `${formatIncidentTable(rows)}\n` : `${JSON.stringify(rows, null, 2)}\n`);
      });
    });
}

/**
 * `casebridge incidents report --from ISO --to ISO [--format html|csv|json] [--out FILE]`: the
 * incident report an executive reads, over incidents opened in the window — durations per service
 * and severity (median, p90, counts), the trend per day or week, and RCA compliance — from the store.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Db } from '../adapters/store/db-handle.js';
import type { ReportIncident, TrendBucket } from '../domain/incidents/metrics-report.js';
import { INCIDENT_REPORT_FORMATS } from '../domain/incidents/metrics-render.js';
import type { IncidentReportFormat } from '../domain/incidents/metrics-render.js';
import { parseInstantOption } from './option-values.js';

interface ReportOptions {
  from: string;
  to: string;
  format: string;
  out?: string;
  trend?: string;
}

export function registerIncidentsReportCommand(incidents: Command): void {
  incidents
    .command('report')
    .description('incident report for executives: time to detect/acknowledge/mitigate/resolve per service and severity, the trend, RCA compliance')
    .requiredOption('--from <iso>', 'window start (incidents opened at or after it): 2026-11-01 or 2026-11-01T00:00:00Z')
    .requiredOption('--to <iso>', 'window end (incidents opened before it): 2026-12-01 or 2026-12-01T00:00:00Z')
    .option('--format <format>', 'html | csv | json', 'html')
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--trend <bucket>', 'day | week (default: per day up to 14 days, per week beyond)')
    .action(async (options: ReportOptions) => {
      const errors = checkReportOptions(options);
      if (errors.length > 0) {
        process.stderr.write(`${errors.map((e) => `casebridge incidents report: ${e}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      await runReport(options);
    });
}

export function checkReportOptions(options: ReportOptions): string[] {
  const errors: string[] = [];
  const instant = (name: string, text: string, example: string) => {
    const parsed = parseInstantOption(name, text, example);
    if (parsed.ok) return parsed.ms;
    errors.push(parsed.problem);
    return Number.NaN;
  };
  const from = instant('--from', options.from, '2026-11-01');
  const to = instant('--to', options.to, '2026-12-01');
  if (!Number.isNaN(from) && !Number.isNaN(to) && from >= to) errors.push(`--from (${options.from}) must be before --to (${options.to})`);
  if (!INCIDENT_REPORT_FORMATS.includes(options.format as IncidentReportFormat)) errors.push(`--format "${options.format}" is not one of ${INCIDENT_REPORT_FORMATS.join(', ')}`);
  if (options.trend !== undefined && options.trend !== 'day' && options.trend !== 'week') errors.push(`--trend "${options.trend}" is not day or week`);
  return errors;
}

async function runReport(options: ReportOptions): Promise<void> {
  const { loadValidConfig } = await import('./load-config.js');
  const config = loadValidConfig({ deferProductionChecks: true });
  if (!config) return;
  if (!config.files.incidents) {
    process.stderr.write('casebridge incidents report: incidents.yaml is not configured (the report needs its RCA stages); add it to the config directory\n');
    process.exitCode = 1;
    return;
  }
  const rca = config.files.incidents.rca;
  const { withDatabase } = await import('./with-database.js');
  const { migrateLatest } = await import('../adapters/store/database.js');
  const { buildIncidentReport } = await import('../domain/incidents/metrics-report.js');
  const { renderIncidentReport } = await import('../domain/incidents/metrics-render.js');
  await withDatabase(async (db) => {
    // The embedded database is casebridge's own: bring it up to date. A shared PostgreSQL is migrated by `casebridge migrate`.
    if (db.kind === 'pglite') await migrateLatest(db.knex);
    const from = new Date(options.from);
    const to = new Date(options.to);
    const incidents = await loadReportIncidents(db.knex, from, to);
    const report = buildIncidentReport({ from, to, now: new Date(), incidents, rca, bucket: options.trend as TrendBucket | undefined });
    const text = renderIncidentReport(report, options.format as IncidentReportFormat);
    if (options.out) {
      await writeFile(options.out, text, 'utf8');
      process.stdout.write(`${JSON.stringify({ file: options.out, format: options.format, incidents: report.totals.incidents, resolved: report.totals.resolved })}\n`);
    } else {
      process.stdout.write(text);
    }
  });
}

/** Incidents opened in the window with their moments, first signals, RCA stages and linked-case counts. */
async function loadReportIncidents(db: Db, from: Date, to: Date): Promise<ReportIncident[]> {
  const { countCasesByIncident } = await import('../adapters/store/incident-cases.js');
  const { listFirstSignals, listIncidentsOpenedBetween, listStagesWithDoneTimes } = await import('../adapters/store/incident-metrics.js');
  const incidents = await listIncidentsOpenedBetween(db, from, to);
  const ids = incidents.map((i) => i.id);
  const [signals, stages, counts] = await Promise.all([listFirstSignals(db, ids), listStagesWithDoneTimes(db, ids), countCasesByIncident(db, ids)]);
  const earliest = (dates: Array<Date | null | undefined>) => {
    const known = dates.filter((d): d is Date => d instanceof Date);
    return known.length === 0 ? null : new Date(Math.min(...known.map((d) => d.getTime())));
  };
  return incidents.map((incident) => {
    const signal = signals.get(incident.id);
    return {
      key: incident.issueKey,
      service: incident.service,
      severity: incident.severity,
      isGlobal: incident.isGlobal,
      linkedCases: counts.get(incident.id) ?? 0,
      firstSignalAt: earliest([signal?.firstCaseAt, signal?.firstAlertAt]),
      openedAt: incident.createdAt,
      acknowledgedAt: earliest([incident.acknowledgedAt, signal?.pageAcknowledgedAt]),
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
      stages: stages.filter((s) => s.incidentId === incident.id),
      openActionSubtasks: incident.openActionSubtasks,
    };
  });
}

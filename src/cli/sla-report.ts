/**
 * `casebridge sla report --from ISO --to ISO --format csv|json|html [--out FILE]`: one breach report
 * by hand from the stored sla_results and tickets (the scheduled reports use the same builder).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { SlaReportFormat } from '../domain/sla/report-render.js';
import { parseInstantOption } from './option-values.js';

interface ReportOptions {
  from: string;
  to: string;
  format: string;
  out?: string;
  region?: string;
  tier?: string;
  priority?: string;
  timeZone: string;
  title?: string;
}

const FORMATS: readonly SlaReportFormat[] = ['csv', 'json', 'html'];

export function registerSlaReportCommand(sla: Command): void {
  sla
    .command('report')
    .description('breach report over stored SLA results; prints the report, or JSON about the file with --out')
    .requiredOption('--from <iso>', 'window start (breaches at or after it), ISO-8601')
    .requiredOption('--to <iso>', 'window end (breaches before it), ISO-8601')
    .option('--format <format>', 'csv | json | html', 'json')
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--region <list>', 'comma-separated regions to keep')
    .option('--tier <list>', 'comma-separated tiers to keep')
    .option('--priority <list>', 'comma-separated priorities to keep')
    .option('--time-zone <zone>', 'IANA zone of the per-day chart', 'UTC')
    .option('--title <text>', 'report title')
    .action(async (options: ReportOptions) => {
      const errors = checkOptions(options);
      if (errors.length > 0) {
        process.stderr.write(`${errors.map((e) => `casebridge sla report: ${e}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      await runReport(options);
    });
}

function checkOptions(options: ReportOptions): string[] {
  const errors: string[] = [];
  const from = parseInstantOption('--from', options.from, '2026-11-01');
  const to = parseInstantOption('--to', options.to, '2026-11-08');
  for (const parsed of [from, to]) if (!parsed.ok) errors.push(parsed.problem);
  if (from.ok && to.ok && from.ms >= to.ms) errors.push('--from must be before --to');
  if (!FORMATS.includes(options.format as SlaReportFormat)) errors.push(`--format "${options.format}" is not one of ${FORMATS.join(', ')}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  } catch {
    errors.push(`--time-zone "${options.timeZone}" is not an IANA time zone`);
  }
  return errors;
}

async function runReport(options: ReportOptions): Promise<void> {
  const { withDatabase } = await import('./with-database.js');
  const { migrateLatest } = await import('../adapters/store/database.js');
  const { buildStoredReport } = await import('../engine/sla/stored-report.js');
  const { renderAggregatedReport } = await import('../domain/sla/report-render.js');
  await withDatabase(async (db) => {
    // The embedded database is casebridge's own: bring it up to date. A shared PostgreSQL is migrated by `casebridge migrate`.
    if (db.kind === 'pglite') await migrateLatest(db.knex);
    const list = (text: string | undefined) =>
      text === undefined
        ? undefined
        : text
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
    const filter = { region: list(options.region), tier: list(options.tier), priority: list(options.priority) };
    const report = await buildStoredReport(db.knex, {
      fromMs: Date.parse(options.from),
      toMs: Date.parse(options.to),
      filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
      timeZone: options.timeZone,
      title: options.title,
      generatedAtMs: Date.now(),
    });
    // HTML names cases by number and key, as the scheduled report and the console do (no links: no systems here).
    const { loadReportNames } = await import('../engine/sla/report-names.js');
    const html = options.format === 'html' ? { names: await loadReportNames(db.knex, report) } : {};
    const text = renderAggregatedReport(report, options.format as SlaReportFormat, html);
    if (options.out) {
      await writeFile(options.out, text, 'utf8');
      process.stdout.write(`${JSON.stringify({ file: options.out, format: options.format, breaches: report.breaches.length, clocks: report.totals.clocks })}\n`);
    } else {
      process.stdout.write(text);
    }
  });
}

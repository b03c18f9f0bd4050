/**
 * Breach reports as text: CSV (one line per breach), JSON (the whole aggregate), HTML (see
 * report-html.ts). Pure string functions; where the text goes is the caller's business.
 */
import type { SlaReport, SlaReportOptions, SlaReportRow } from './report.js';
import { aggregateSlaReport } from './report.js';
import { renderReportHtml, type ReportHtmlOptions } from './report-html.js';
import { formatMinutes, toIso } from './report-format.js';

export type SlaReportFormat = 'csv' | 'json' | 'html';

/** Aggregates rows for the window and renders them in one format. */
export function renderReport(rows: Iterable<SlaReportRow>, options: SlaReportOptions & { format: SlaReportFormat }): string {
  const report = aggregateSlaReport(rows, options);
  return renderAggregatedReport(report, options.format);
}

/** `html` options name and link cases, issues and topics (see report-html.ts); CSV and JSON keep ids. */
export function renderAggregatedReport(report: SlaReport, format: SlaReportFormat, html: ReportHtmlOptions = {}): string {
  if (format === 'csv') return renderReportCsv(report);
  if (format === 'json') return renderReportJson(report);
  return renderReportHtml(report, html);
}

const CSV_COLUMNS = ['ticket_id', 'metric', 'priority', 'tier', 'region', 'topic', 'policy', 'calendar', 'target_minutes', 'elapsed_minutes', 'breached_at', 'stopped_at', 'state'] as const;

/** RFC 4180 CSV of the breaches, oldest first, with a header line. */
export function renderReportCsv(report: SlaReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.breaches) {
    lines.push(
      [
        row.ticketId,
        row.metric,
        row.priority,
        row.tier,
        row.region,
        row.topic ?? '',
        row.policy ?? '',
        row.calendar ?? '',
        formatMinutes(row.targetMinutes),
        formatMinutes(row.elapsedMinutes),
        toIso(row.breachedAtMs),
        toIso(row.stoppedAtMs),
        row.state,
      ]
        .map(toCsvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The aggregate with instants as ISO-8601 UTC strings. The summary is indented; each breach is one
 * compact line, which keeps a year-long report over a million tickets (hundreds of thousands of
 * breaches) readable line by line and about half the size and time of indenting every field.
 */
export function renderReportJson(report: SlaReport): string {
  const { breaches, fromMs, toMs, generatedAtMs, ...rest } = report;
  const head = JSON.stringify({ ...rest, from: toIso(fromMs), to: toIso(toMs), generatedAt: generatedAtMs === null ? null : toIso(generatedAtMs) }, null, 2);
  if (breaches.length === 0) return `${head.slice(0, -2)},\n  "breaches": []\n}\n`;
  const lines = new Array<string>(breaches.length);
  for (let i = 0; i < breaches.length; i++) {
    const row = breaches[i]!;
    lines[i] = JSON.stringify({
      ticketId: row.ticketId,
      priority: row.priority,
      tier: row.tier,
      region: row.region,
      topic: row.topic,
      policy: row.policy,
      calendar: row.calendar,
      metric: row.metric,
      state: row.state,
      targetMinutes: row.targetMinutes,
      elapsedMinutes: row.elapsedMinutes,
      dueAt: row.dueAtMs === null ? null : toIso(row.dueAtMs),
      breachedAt: row.breachedAtMs === null ? null : toIso(row.breachedAtMs),
      stoppedAt: row.stoppedAtMs === null ? null : toIso(row.stoppedAtMs),
    });
  }
  return `${head.slice(0, -2)},\n  "breaches": [\n    ${lines.join(',\n    ')}\n  ]\n}\n`;
}

/**
 * Quotes when needed, and defuses spreadsheet formulas: a cell starting with = + - @ (or a tab or
 * carriage return) gets a leading apostrophe, since ticket fields come from customers.
 */
export function toCsvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

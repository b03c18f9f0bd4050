/**
 * The incident report as CSV (sections one after another, each with its header line: the figures
 * per service and severity, the trend, RCA compliance; durations in minutes for spreadsheets) and as
 * JSON (the same figures, durations in minutes, instants as ISO strings). HTML: metrics-render-html.ts.
 */
import { toCsvCell } from '../sla/report-render.js';
import { DURATION_MEASURES } from './metrics.js';
import type { DurationSummary } from './metrics.js';
import type { IncidentReport } from './metrics-report.js';
import { renderIncidentReportHtml } from './metrics-render-html.js';

export type IncidentReportFormat = 'html' | 'csv' | 'json';
export const INCIDENT_REPORT_FORMATS: readonly IncidentReportFormat[] = ['html', 'csv', 'json'];

export function renderIncidentReport(report: IncidentReport, format: IncidentReportFormat): string {
  if (format === 'html') return renderIncidentReportHtml(report);
  if (format === 'csv') return renderIncidentReportCsv(report);
  return `${JSON.stringify(toJson(report), null, 2)}\n`;
}

const toMinutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 600) / 100);
const csvMinutes = (ms: number | null) => (ms === null ? '' : String(toMinutes(ms)));
const line = (cells: ReadonlyArray<string | number>) => cells.map((c) => toCsvCell(String(c))).join(',');

export function renderIncidentReportCsv(report: IncidentReport): string {
  const measureHeads = DURATION_MEASURES.flatMap((m) => [`${m}_median_minutes`, `${m}_p90_minutes`]);
  const figures = (d: Record<string, DurationSummary>) => DURATION_MEASURES.flatMap((m) => [csvMinutes(d[m]!.medianMs), csvMinutes(d[m]!.p90Ms)]);
  const stageNames = report.rca[0]?.stages.map((s) => s.stage) ?? [];
  const sections = [
    [
      line(['section', 'service', 'severity', 'incidents', 'resolved', ...measureHeads]),
      ...report.groups.map((g) => line(['figures', g.service, g.severity, g.incidents, g.resolved, ...figures(g.durations)])),
      line(['figures', 'all', 'all', report.totals.incidents, report.totals.resolved, ...figures(report.overall)]),
    ],
    [
      line(['section', `${report.bucket}_from`, 'opened', 'resolved', 'resolve_median_minutes']),
      ...report.trend.map((t) => line(['trend', t.start.toISOString().slice(0, 10), t.opened, t.resolved, csvMinutes(t.medianResolveMs)])),
    ],
    [
      line(['section', 'incident', 'service', 'severity', 'resolved_at', ...stageNames, 'open_action_subtasks', 'compliant']),
      ...report.rca.map((r) =>
        line(['rca', r.key, r.service, r.severity, r.resolvedAt.toISOString(), ...r.stages.map((s) => s.compliance), r.openActionSubtasks.join(' '), r.compliant ? 'yes' : 'no']),
      ),
    ],
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

function toJson(report: IncidentReport) {
  const summary = (s: DurationSummary) => ({ count: s.count, medianMinutes: toMinutes(s.medianMs), p90Minutes: toMinutes(s.p90Ms) });
  const durations = (d: Record<string, DurationSummary>) => Object.fromEntries(DURATION_MEASURES.map((m) => [m, summary(d[m]!)]));
  return {
    from: report.from.toISOString(),
    to: report.to.toISOString(),
    generatedAt: report.generatedAt.toISOString(),
    totals: report.totals,
    overall: durations(report.overall),
    groups: report.groups.map((g) => ({ service: g.service, severity: g.severity, incidents: g.incidents, resolved: g.resolved, durations: durations(g.durations) })),
    trend: { bucket: report.bucket, points: report.trend.map((t) => ({ start: t.start.toISOString(), opened: t.opened, resolved: t.resolved, resolveMedianMinutes: toMinutes(t.medianResolveMs) })) },
    rca: report.rca.map((r) => ({
      incident: r.key,
      service: r.service,
      severity: r.severity,
      resolvedAt: r.resolvedAt.toISOString(),
      stages: r.stages.map((s) => ({ stage: s.stage, subtask: s.issueKey, dueAt: s.dueAt.toISOString(), doneAt: s.doneAt?.toISOString() ?? null, compliance: s.compliance })),
      openActionSubtasks: r.openActionSubtasks,
      compliant: r.compliant,
    })),
    incidents: report.incidents.map((i) => ({
      incident: i.key,
      service: i.service,
      severity: i.severity,
      global: i.isGlobal,
      openedAt: i.openedAt.toISOString(),
      linkedCases: i.linkedCases,
      minutes: Object.fromEntries(DURATION_MEASURES.map((m) => [m, toMinutes(i.durations[m])])),
    })),
  };
}

/**
 * The incident report as one self-contained HTML page (no scripts, no external assets) for
 * executives: headline figures, durations per service and severity in hours and minutes, the trend
 * as bars, RCA compliance per incident. Incidents are named by Jira key; no record ids.
 */
import { escapeHtml } from '../sla/report-html.js';
import { formatDuration } from './stakeholder-message.js';
import type { DurationMeasure, DurationSummary } from './metrics.js';
import type { IncidentReport } from './metrics-report.js';

const MEASURE_NAMES: Record<DurationMeasure, string> = { detect: 'Time to detect', acknowledge: 'Time to acknowledge', mitigate: 'Time to mitigate', resolve: 'Time to resolve' };
const MEASURES = Object.keys(MEASURE_NAMES) as DurationMeasure[];
const STAGE_COLOURS: Record<string, string> = { 'on time': '#1e8449', late: '#b9770e', overdue: '#c0392b', open: '#566573' };

/** `1 h 05 min`, or a dash when nothing was measured. */
export function formatReportDuration(ms: number | null): string {
  return ms === null ? '–' : formatDuration(ms);
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const cell = (text: string, num = false) => `<td${num ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
const summary = (s: DurationSummary) => `${cell(formatReportDuration(s.medianMs), true)}${cell(formatReportDuration(s.p90Ms), true)}`;

export function renderIncidentReportHtml(report: IncidentReport): string {
  const { totals } = report;
  const title = `Incident report ${day(report.from)} – ${day(new Date(report.to.getTime() - 1))}`;
  const measureHeads = MEASURES.map((m) => `<th colspan="2">${MEASURE_NAMES[m]}</th>`).join('');
  const subHeads = MEASURES.map(() => '<th>median</th><th>p90</th>').join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;margin:8px 0 24px}
td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}.num{text-align:right}.kpi td{border:none;padding:0 24px 0 0}
.kpi b{font-size:22px;display:block}svg text{font:11px sans-serif}.muted{color:#666}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Incidents opened from ${escapeHtml(minute(report.from))} to ${escapeHtml(minute(report.to))} · generated ${escapeHtml(minute(report.generatedAt))} · durations in hours and minutes</p>
<table class="kpi"><tr><td><b>${totals.incidents}</b>incidents</td><td><b>${totals.resolved}</b>resolved</td><td><b>${totals.global}</b>global</td>
<td><b>${formatReportDuration(report.overall.resolve.medianMs)}</b>median time to resolve</td><td><b>${totals.rcaJudged === 0 ? '–' : `${totals.rcaCompliant} of ${totals.rcaJudged}`}</b>RCA on time</td></tr></table>
<h2>By service and severity</h2>
${
  report.groups.length === 0
    ? '<p>No incidents in this window.</p>'
    : `<table><tr><th rowspan="2">service</th><th rowspan="2">severity</th><th rowspan="2">incidents</th><th rowspan="2">resolved</th>${measureHeads}</tr><tr>${subHeads}</tr>
${report.groups.map((g) => `<tr>${cell(g.service)}${cell(g.severity)}${cell(String(g.incidents), true)}${cell(String(g.resolved), true)}${MEASURES.map((m) => summary(g.durations[m])).join('')}</tr>`).join('\n')}
<tr><th colspan="2">all</th>${cell(String(totals.incidents), true)}${cell(String(totals.resolved), true)}${MEASURES.map((m) => summary(report.overall[m])).join('')}</tr>
</table>`
}
<h2>Trend per ${report.bucket}</h2>
${renderTrendBars(report)}
<table><tr><th>${report.bucket} from</th><th>opened</th><th>resolved</th><th>median time to resolve</th></tr>
${report.trend.map((t) => `<tr>${cell(day(t.start))}${cell(String(t.opened), true)}${cell(String(t.resolved), true)}${cell(formatReportDuration(t.medianResolveMs), true)}</tr>`).join('\n')}
</table>
<h2>RCA compliance</h2>
${
  report.rca.length === 0
    ? '<p>No resolved incidents in this window.</p>'
    : `<table><tr><th>incident</th><th>service</th><th>severity</th><th>resolved</th>${report.rca[0]!.stages.map((s) => `<th>${escapeHtml(s.stage)}</th>`).join('')}<th>open action sub-tasks</th><th>compliant</th></tr>
${report.rca
  .map(
    (r) =>
      `<tr>${cell(r.key)}${cell(r.service)}${cell(r.severity)}${cell(minute(r.resolvedAt))}${r.stages
        .map(
          (s) =>
            `<td style="color:${STAGE_COLOURS[s.compliance]}">${escapeHtml(s.compliance)}${s.issueKey ? ` (${escapeHtml(s.issueKey)})` : ''}<br><span class="muted">due ${escapeHtml(minute(s.dueAt))}</span></td>`,
        )
        .join('')}${cell(r.openActionSubtasks.length === 0 ? 'none' : r.openActionSubtasks.join(', '))}${cell(r.compliant ? 'yes' : 'no')}</tr>`,
  )
  .join('\n')}
</table>`
}
<h2>Incidents</h2>
<table><tr><th>incident</th><th>service</th><th>severity</th><th>opened</th><th>cases</th>${MEASURES.map((m) => `<th>${MEASURE_NAMES[m]}</th>`).join('')}</tr>
${report.incidents
  .map(
    (i) =>
      `<tr>${cell(i.key + (i.isGlobal ? ' (global)' : ''))}${cell(i.service)}${cell(i.severity)}${cell(minute(i.openedAt))}${cell(String(i.linkedCases), true)}${MEASURES.map((m) => cell(formatReportDuration(i.durations[m]), true)).join('')}</tr>`,
  )
  .join('\n')}
</table>
</body></html>
`;
}

/** Incidents opened per bucket as an inline SVG bar chart, the count above each bar and its date below. */
function renderTrendBars(report: IncidentReport): string {
  const max = Math.max(1, ...report.trend.map((t) => t.opened));
  const width = 56;
  const height = 140;
  const bars = report.trend
    .map((t, i) => {
      const h = Math.round((t.opened / max) * (height - 40));
      const x = i * width + 8;
      const label = `${day(t.start)}: ${t.opened} opened`;
      return `<rect x="${x}" y="${height - 16 - h}" width="${width - 16}" height="${h}" fill="#2e86c1"><title>${label}</title></rect><text x="${x + (width - 16) / 2}" y="${height - 20 - h}" text-anchor="middle">${t.opened}</text><text x="${x + (width - 16) / 2}" y="${height - 3}" text-anchor="middle">${day(t.start).slice(5)}</text>`;
    })
    .join('');
  return `<svg width="${Math.max(1, report.trend.length) * width + 16}" height="${height}" role="img" aria-label="incidents opened per ${report.bucket}">${bars}</svg>`;
}

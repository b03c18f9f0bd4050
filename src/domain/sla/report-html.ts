/**
 * The HTML breach report, one renderer for every copy: the scheduled report's file and e-mail, the
 * `sla report --format html` file and the console's Reports page all show the same body. Charts are
 * server-side SVG (an e-mail client runs no script); the console page adds chart.js on top of the same
 * data (`interactive`). People read case numbers, Jira keys, topic names and hours and minutes;
 * record ids appear only in tooltips.
 */
import { formatMinutes, toIso, toReadableTime } from './report-format.js';
import type { SlaReport, SlaReportRow } from './report.js';
import { renderDailyChartSvg, toDailyChart, type DailyChart } from './report-charts.js';

/** Rows shown in the HTML table; the CSV has all of them. */
export const HTML_TABLE_ROWS = 500;

/** How records are named and linked; every part is optional (ids and plain text without it). */
export interface ReportNames {
  caseNumber?(caseId: string): string | undefined;
  issueKey?(caseId: string): string | undefined;
  topicName?(topicId: string): string | undefined;
  /** Where a case opens: the console's ticket page or Salesforce. */
  caseHref?(caseId: string, caseNumber: string | undefined): string | undefined;
  issueHref?(key: string): string | undefined;
}

export interface ReportHtmlOptions {
  names?: ReportNames;
  /** The console page: adds each chart's data for chart.js (a data attribute, never a script). */
  interactive?: boolean;
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** `4 h 05 min`, `35 min`; whole minutes. */
export function formatHoursMinutes(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const sign = minutes < 0 ? '−' : '';
  if (total < 60) return `${sign}${total} min`;
  return `${sign}${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
}

/** `2026-12-02 07:15` in UTC (the report's instants are UTC; its days are in its time zone). */
function toUtcText(ms: number | null): string {
  return ms === null ? '' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}`;
}

function link(text: string, href: string | undefined, title?: string): string {
  const t = title ? ` title="${escapeHtml(title)}"` : '';
  return href ? `<a href="${escapeHtml(href)}"${t}>${escapeHtml(text)}</a>` : `<span${t}>${escapeHtml(text)}</span>`;
}

function figure(chart: DailyChart, interactive: boolean): string {
  if (chart.series.length === 0) return `<p class="muted">No breaches in this window (${chart.days.length} days).</p>`;
  const data = interactive ? ` data-chart="${escapeHtml(JSON.stringify({ days: chart.days, series: chart.series, ticks: chart.ticks }))}"` : '';
  return `<figure class="report-figure" id="chart-${chart.dimension}"${data}>${renderDailyChartSvg(chart)}</figure>`;
}

function breachRow(row: SlaReportRow, names: ReportNames): string {
  const caseNumber = names.caseNumber?.(row.ticketId);
  const issueKey = names.issueKey?.(row.ticketId);
  const topic = row.topic === null ? '' : (names.topicName?.(row.topic) ?? row.topic);
  const cells = [
    toUtcText(row.breachedAtMs),
    link(caseNumber ?? row.ticketId, names.caseHref?.(row.ticketId, caseNumber), caseNumber ? row.ticketId : undefined),
    issueKey ? link(issueKey, names.issueHref?.(issueKey)) : '—',
    escapeHtml(row.metric),
    escapeHtml(row.priority),
    escapeHtml(row.tier),
    escapeHtml(row.region),
    row.topic === null ? '' : `<span title="${escapeHtml(row.topic)}">${escapeHtml(topic)}</span>`,
    `<span title="${formatMinutes(row.targetMinutes)} min">${formatHoursMinutes(row.targetMinutes)}</span>`,
    `<span title="${formatMinutes(row.elapsedMinutes)} min">${formatHoursMinutes(row.elapsedMinutes)}</span>`,
    formatHoursMinutes(Math.max(0, row.elapsedMinutes - row.targetMinutes)),
    escapeHtml(row.state),
  ];
  return `<tr>${cells.map((c, i) => `<td${i >= 8 && i <= 10 ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`;
}

/** The report's sections, without a document around them (the console puts its layout around). */
export function renderReportBody(report: SlaReport, options: ReportHtmlOptions = {}): string {
  const names = options.names ?? {};
  const interactive = options.interactive === true;
  const shown = report.breaches.slice(0, HTML_TABLE_ROWS);
  const states = Object.entries(report.totals.byState)
    .map(([state, count]) => `<td>${escapeHtml(state)}: <b>${count}</b></td>`)
    .join('');
  const topicText = (id: string) => names.topicName?.(id) ?? id;
  const total = report.breachCount ?? report.breaches.length;
  const at = (ms: number): string => `<time datetime="${escapeHtml(toIso(ms))}">${escapeHtml(toReadableTime(ms, report.timeZone))}</time>`;
  return `<p class="report-window">Window ${at(report.fromMs)} – ${at(report.toMs)} (${escapeHtml(report.timeZone)}; days in this zone)${report.generatedAtMs === null ? '' : ` · generated ${at(report.generatedAtMs)}`}</p>
<table class="report-totals"><tr><td>clocks: <b>${report.totals.clocks}</b></td>${states}</tr></table>
<h2>Breach rate by priority</h2>
<table class="grid report-rates"><tr><th>priority</th><th>stopped clocks</th><th>met</th><th>breached</th><th>breach rate</th></tr>
${report.byPriority
  .map(
    (p) =>
      `<tr><td>${escapeHtml(p.priority)}</td><td class="num">${p.met + p.breached}</td><td class="num">${p.met}</td><td class="num">${p.breached}</td><td class="num">${p.breachRatePercent === null ? '–' : `${p.breachRatePercent}%`}</td></tr>`,
  )
  .join('\n')}
</table>
<h2>Breaches per day by priority</h2>
${figure(toDailyChart(report, 'priority'), interactive)}
<h2>Breaches per day by region</h2>
${figure(toDailyChart(report, 'region'), interactive)}
<h2>Top breached topics</h2>
<table class="grid report-topics"><tr><th>topic</th><th>breaches</th></tr>
${report.topBreachedTopics.map((t) => `<tr><td title="${escapeHtml(t.topic)}">${escapeHtml(topicText(t.topic))}</td><td class="num">${t.count}</td></tr>`).join('\n')}
</table>
<h2>Breaches (${total}${total > shown.length ? `, first ${shown.length} shown; the CSV has all` : ''})</h2>
<table class="grid report-breaches"><tr><th>breached at (UTC)</th><th>case</th><th>Jira</th><th>metric</th><th>priority</th><th>tier</th><th>region</th><th>topic</th><th>target</th><th>elapsed</th><th>over by</th><th>state</th></tr>
${shown.map((r) => breachRow(r, names)).join('\n')}
</table>`;
}

/** A whole self-contained page (inline styles, no scripts, no external assets): files and e-mail. */
export function renderReportHtml(report: SlaReport, options: ReportHtmlOptions = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px}
td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}.num{text-align:right}figure{margin:8px 0 20px}.muted{color:#666}</style>
</head><body>
<h1>${escapeHtml(report.title)}</h1>
${renderReportBody(report, { ...options, interactive: false })}
</body></html>
`;
}

/**
 * The HTML breach report: one self-contained page (no scripts, no external assets) with a stacked
 * bar chart of breaches per day by priority, the same by region, the top breached topics, and the
 * breach table.
 */
import { formatMinutes, toIso } from './report-format.js';
import type { SlaReport } from './report.js';

/** Rows shown in the HTML table; the CSV has all of them. */
export const HTML_TABLE_ROWS = 500;
const PALETTE = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9', '#8e44ad', '#7f8c8d', '#16a085'];

export function renderReportHtml(report: SlaReport): string {
  const window = `${toIso(report.fromMs)} – ${toIso(report.toMs)}`;
  const shown = report.breaches.slice(0, HTML_TABLE_ROWS);
  const states = Object.entries(report.totals.byState)
    .map(([state, count]) => `<td>${escapeHtml(state)}: <b>${count}</b></td>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px}
td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}.num{text-align:right}svg text{font:11px sans-serif}</style>
</head><body>
<h1>${escapeHtml(report.title)}</h1>
<p>Window ${escapeHtml(window)} · days in ${escapeHtml(report.timeZone)}${report.generatedAtMs === null ? '' : ` · generated ${escapeHtml(toIso(report.generatedAtMs))}`}</p>
<table><tr><td>clocks: <b>${report.totals.clocks}</b></td>${states}</tr></table>
<h2>Breach rate by priority</h2>
<table><tr><th>priority</th><th>stopped clocks</th><th>met</th><th>breached</th><th>breach rate</th></tr>
${report.byPriority
  .map(
    (p) =>
      `<tr><td>${escapeHtml(p.priority)}</td><td class="num">${p.met + p.breached}</td><td class="num">${p.met}</td><td class="num">${p.breached}</td><td class="num">${p.breachRatePercent === null ? '–' : `${p.breachRatePercent}%`}</td></tr>`,
  )
  .join('\n')}
</table>
<h2>Breaches per day by priority</h2>
${renderStackedBars(report, 'priority')}
<h2>Breaches per day by region</h2>
${renderStackedBars(report, 'region')}
<h2>Top breached topics</h2>
<table><tr><th>topic</th><th>breaches</th></tr>
${report.topBreachedTopics.map((t) => `<tr><td>${escapeHtml(t.topic)}</td><td class="num">${t.count}</td></tr>`).join('\n')}
</table>
<h2>Breaches (${report.breaches.length}${report.breaches.length > shown.length ? `, first ${shown.length} shown; the CSV has all` : ''})</h2>
<table><tr><th>breached at</th><th>ticket</th><th>metric</th><th>priority</th><th>tier</th><th>region</th><th>topic</th><th>target min</th><th>elapsed min</th><th>state</th></tr>
${shown
  .map(
    (r) =>
      `<tr><td>${toIso(r.breachedAtMs)}</td><td>${escapeHtml(r.ticketId)}</td><td>${r.metric}</td><td>${escapeHtml(r.priority)}</td><td>${escapeHtml(r.tier)}</td><td>${escapeHtml(r.region)}</td><td>${escapeHtml(r.topic ?? '')}</td><td class="num">${formatMinutes(r.targetMinutes)}</td><td class="num">${formatMinutes(r.elapsedMinutes)}</td><td>${r.state}</td></tr>`,
  )
  .join('\n')}
</table>
</body></html>
`;
}

/** An inline SVG: one bar per local date, stacked by `key`, with a legend. */
function renderStackedBars(report: SlaReport, key: 'priority' | 'region'): string {
  const dates = [...new Set(report.breachesPerDay.map((d) => d.date))];
  if (dates.length === 0) return '<p>No breaches in this window.</p>';
  const series = [...new Set(report.breachesPerDay.map((d) => d[key]))].sort();
  const counts = new Map<string, number>();
  for (const d of report.breachesPerDay) counts.set(`${d.date}|${d[key]}`, (counts.get(`${d.date}|${d[key]}`) ?? 0) + d.count);
  const totals = dates.map((date) => series.reduce((sum, s) => sum + (counts.get(`${date}|${s}`) ?? 0), 0));
  const max = Math.max(...totals);
  const barWidth = Math.max(6, Math.min(40, Math.floor(800 / dates.length) - 4));
  const chartHeight = 200;
  const width = 60 + dates.length * (barWidth + 4) + 140;
  const bars: string[] = [];
  dates.forEach((date, i) => {
    let y = chartHeight + 10;
    const x = 50 + i * (barWidth + 4);
    series.forEach((s, si) => {
      const count = counts.get(`${date}|${s}`) ?? 0;
      if (count === 0) return;
      const height = (count / max) * chartHeight;
      y -= height;
      bars.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${barWidth}" height="${height.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${escapeHtml(`${date} ${s}: ${count}`)}</title></rect>`,
      );
    });
    if (dates.length <= 31 || i % Math.ceil(dates.length / 31) === 0) {
      bars.push(`<text x="${x}" y="${chartHeight + 24}" transform="rotate(45 ${x} ${chartHeight + 24})">${escapeHtml(date.slice(5))}</text>`);
    }
  });
  const legendX = 60 + dates.length * (barWidth + 4);
  const legend = series.map(
    (s, si) => `<rect x="${legendX}" y="${14 + si * 16}" width="10" height="10" fill="${PALETTE[si % PALETTE.length]}"/><text x="${legendX + 14}" y="${23 + si * 16}">${escapeHtml(s)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${chartHeight + 60}" role="img" aria-label="breaches per day by ${key}">
<text x="4" y="16">${max}</text><text x="4" y="${chartHeight + 10}">0</text><line x1="46" y1="10" x2="46" y2="${chartHeight + 10}" stroke="#999"/>
${bars.join('\n')}
${legend.join('\n')}
</svg>`;
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/**
 * The breach report's charts as data and as server-side SVG: breaches per day stacked by one
 * dimension, with every day of the window on the axis (days without breaches are zero, not
 * missing), y-axis ticks at round numbers, and a colour scale of its own per dimension — an ordered
 * red-to-grey ramp for priorities (P1 is the hottest), distinct cool hues for regions — so a colour
 * never means a priority in one chart and a region in the next. The SVG needs no script (e-mail
 * clients run none); the console draws the same data with chart.js on top.
 */
import { createLocalDateReader } from './report.js';
import type { SlaReport } from './report.js';

export type ChartDimension = 'priority' | 'region';

export interface DailyChart {
  dimension: ChartDimension;
  /** Every local date of the window, oldest first (`YYYY-MM-DD`). */
  days: string[];
  series: Array<{ name: string; colour: string; counts: number[] }>;
  /** The largest day total (0 with no breaches). */
  maxTotal: number;
  /** Y-axis ticks from 0 to at least maxTotal. */
  ticks: number[];
}

/** Priorities in order of urgency: a ramp from dark red to grey; unknown names follow in grey-blue. */
const PRIORITY_RAMP = ['#7f0000', '#c62828', '#ef6c00', '#f9a825', '#9e9d24', '#78909c'];
/** Regions: categorical hues kept clear of the priority ramp's reds and oranges. */
const REGION_HUES = ['#1565c0', '#00897b', '#6a1b9a', '#2e7d32', '#0277bd', '#4527a0', '#00695c', '#283593'];

/** Step of the day walk: every local date is hit whatever the offset or a DST shift. */
const HOUR_MS = 3_600_000;

/** Every local date from `fromMs` (inclusive) to `toMs` (exclusive) in `timeZone`. */
export function listWindowDays(fromMs: number, toMs: number, timeZone: string): string[] {
  const toDate = createLocalDateReader(timeZone);
  const days: string[] = [];
  // Hour steps catch every local date whatever the offset or DST shift; the end instant is exclusive.
  for (let ms = fromMs; ms < toMs; ms += HOUR_MS) {
    const day = toDate(ms);
    if (days.at(-1) !== day) days.push(day);
  }
  const last = toMs > fromMs ? toDate(toMs - 1) : undefined;
  if (last && days.at(-1) !== last) days.push(last);
  return days;
}

/** 0, then whole round steps (1, 2, 5 × 10ⁿ: breaches are counted) up to the first at or above `max`; about five ticks. */
export function niceTicks(max: number, wanted = 5): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks.at(-1)! < max ? [...ticks, ticks.at(-1)! + step] : ticks;
}

function colourOf(dimension: ChartDimension, name: string, index: number): string {
  if (dimension === 'region') return REGION_HUES[index % REGION_HUES.length]!;
  const rank = /^P(\d+)$/i.exec(name);
  if (rank) return PRIORITY_RAMP[Math.min(Number(rank[1]) - 1, PRIORITY_RAMP.length - 1)] ?? PRIORITY_RAMP.at(-1)!;
  return PRIORITY_RAMP.at(-1)!;
}

export function toDailyChart(report: SlaReport, dimension: ChartDimension): DailyChart {
  const days = listWindowDays(report.fromMs, report.toMs, report.timeZone);
  const index = new Map(days.map((d, i) => [d, i]));
  const names = [...new Set(report.breachesPerDay.map((d) => d[dimension] || '(none)'))].sort();
  const series = names.map((name, i) => ({ name, colour: colourOf(dimension, name, i), counts: days.map(() => 0) }));
  const byName = new Map(series.map((s) => [s.name, s]));
  for (const d of report.breachesPerDay) {
    const at = index.get(d.date);
    if (at !== undefined) byName.get(d[dimension] || '(none)')!.counts[at]! += d.count;
  }
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + s.counts[i]!, 0));
  const maxTotal = Math.max(0, ...totals);
  return { dimension, days, series, maxTotal, ticks: niceTicks(maxTotal) };
}

const esc = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A stacked bar per day (zero days drawn as an empty slot with their label), y ticks, a legend. */
export function renderDailyChartSvg(chart: DailyChart): string {
  const plotHeight = 200;
  const left = 44;
  const top = 12;
  const slot = Math.max(4, Math.min(36, Math.floor(840 / Math.max(1, chart.days.length))));
  const barWidth = Math.max(2, slot - 4);
  const plotWidth = chart.days.length * slot;
  const legendX = left + plotWidth + 16;
  const width = legendX + 120;
  const height = top + plotHeight + 56;
  const yMax = chart.ticks.at(-1)!;
  const y = (value: number) => top + plotHeight - (value / yMax) * plotHeight;
  const parts: string[] = [];
  for (const tick of chart.ticks) {
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e3e6eb"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick}</text>`);
  }
  const labelEvery = Math.ceil(chart.days.length / 31);
  chart.days.forEach((day, i) => {
    const x = left + i * slot + 2;
    let base = 0;
    for (const s of chart.series) {
      const count = s.counts[i]!;
      if (count === 0) continue;
      parts.push(
        `<rect x="${x}" y="${y(base + count).toFixed(1)}" width="${barWidth}" height="${(y(base) - y(base + count)).toFixed(1)}" fill="${s.colour}"><title>${esc(`${day} ${s.name}: ${count}`)}</title></rect>`,
      );
      base += count;
    }
    if (i % labelEvery === 0) {
      const lx = x + barWidth / 2;
      parts.push(`<text x="${lx}" y="${top + plotHeight + 14}" transform="rotate(45 ${lx} ${top + plotHeight + 14})">${esc(day.slice(5))}</text>`);
    }
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#8a93a3"/>`);
  parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#8a93a3"/>`);
  chart.series.forEach((s, i) => {
    parts.push(`<rect x="${legendX}" y="${top + i * 18}" width="12" height="12" fill="${s.colour}"/><text x="${legendX + 18}" y="${top + 10 + i * 18}">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="breaches per day by ${chart.dimension}" font-family="sans-serif" font-size="11">\n${parts.join('\n')}\n</svg>`;
}

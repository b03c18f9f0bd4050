/**
 * A breach report from what is stored (sla_results and tickets): counts come grouped from SQL,
 * breaches in the window as rows, and the domain's aggregation does the rest (per-day chart, top
 * topics, ordering), so the stored report and `aggregateSlaReport` over the same clocks agree.
 * `buildReportSummary` is the page's cut: everything aggregated in SQL and only the first rows.
 */
import { aggregateSlaReport } from '../../domain/sla/report.js';
import type { SlaReport, SlaReportOptions } from '../../domain/sla/report.js';
import type { SlaState } from '../../domain/sla/types.js';
import { readReport } from '../../adapters/store/sla-report.js';
import { readReportSummary } from '../../adapters/store/sla-report-summary.js';
import type { Db } from '../../adapters/store/db-handle.js';

export async function buildStoredReport(db: Db, options: SlaReportOptions): Promise<SlaReport> {
  const reads = await readReport(db, { fromMs: options.fromMs, toMs: options.toMs, filter: options.filter });
  // The rows are filtered already; the aggregate only has to shape them.
  const shaped = aggregateSlaReport(reads.breaches, { ...options, filter: undefined });
  return { ...shaped, ...totalsOf(reads.counts) };
}

/**
 * The same report with `breaches` cut to the first `rows` (oldest first) and `breachCount` saying
 * how many there are: what a page shows, without moving every breach out of the database.
 */
export async function buildReportSummary(db: Db, options: SlaReportOptions & { rows: number }): Promise<SlaReport> {
  const timeZone = options.timeZone ?? 'UTC';
  const reads = await readReportSummary(db, { fromMs: options.fromMs, toMs: options.toMs, filter: options.filter, timeZone, rows: options.rows });
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    title: options.title ?? 'SLA breach report',
    fromMs: options.fromMs,
    toMs: options.toMs,
    timeZone,
    generatedAtMs: options.generatedAtMs ?? null,
    ...totalsOf(reads.counts),
    breachesPerDay: reads.perDay.sort((a, b) => compare(a.date, b.date) || compare(a.priority, b.priority) || compare(a.region, b.region)),
    topBreachedTopics: reads.topics.slice(0, options.topTopicsCount ?? 10),
    breaches: reads.breaches,
    breachCount: reads.breachCount,
  };
}

function totalsOf(counts: ReadonlyArray<{ priority: string; state: SlaState; count: number }>): Pick<SlaReport, 'totals' | 'byPriority'> {
  const byState: Record<SlaState, number> = { met: 0, breached: 0, running: 0, paused: 0, at_risk: 0 };
  const priorities = new Map<string, { clocks: number; met: number; breached: number }>();
  let clocks = 0;
  for (const { priority, state, count } of counts) {
    clocks += count;
    byState[state] += count;
    const entry = priorities.get(priority) ?? { clocks: 0, met: 0, breached: 0 };
    entry.clocks += count;
    if (state === 'met') entry.met += count;
    if (state === 'breached') entry.breached += count;
    priorities.set(priority, entry);
  }
  return {
    totals: { clocks, byState },
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([priority, p]) => ({ priority, ...p, breachRatePercent: p.met + p.breached === 0 ? null : Math.round((p.breached / (p.met + p.breached)) * 10_000) / 100 })),
  };
}

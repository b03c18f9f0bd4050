/**
 * A breach report from what is stored (sla_results and tickets): counts come grouped from SQL,
 * breaches in the window as rows, and the domain's aggregation does the rest (per-day chart, top
 * topics, ordering), so the stored report and `aggregateSlaReport` over the same clocks agree.
 */
import { aggregateSlaReport } from '../../domain/sla/report.js';
import type { SlaReport, SlaReportOptions } from '../../domain/sla/report.js';
import type { SlaState } from '../../domain/sla/types.js';
import { readReport } from '../../adapters/store/sla-report.js';
import type { Db } from '../../adapters/store/db-handle.js';

export async function buildStoredReport(db: Db, options: SlaReportOptions): Promise<SlaReport> {
  const reads = await readReport(db, { fromMs: options.fromMs, toMs: options.toMs, filter: options.filter });
  // The rows are filtered already; the aggregate only has to shape them.
  const shaped = aggregateSlaReport(reads.breaches, { ...options, filter: undefined });
  const byState: Record<SlaState, number> = { met: 0, breached: 0, running: 0, paused: 0, at_risk: 0 };
  const priorities = new Map<string, { clocks: number; met: number; breached: number }>();
  let clocks = 0;
  for (const { priority, state, count } of reads.counts) {
    clocks += count;
    byState[state] += count;
    const entry = priorities.get(priority) ?? { clocks: 0, met: 0, breached: 0 };
    entry.clocks += count;
    if (state === 'met') entry.met += count;
    if (state === 'breached') entry.breached += count;
    priorities.set(priority, entry);
  }
  return {
    ...shaped,
    totals: { clocks, byState },
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([priority, p]) => ({ priority, ...p, breachRatePercent: p.met + p.breached === 0 ? null : Math.round((p.breached / (p.met + p.breached)) * 10_000) / 100 })),
  };
}

/**
 * Breach-report reads over sla_results joined to tickets. The population is the clocks of tickets
 * active in the window (created before its end, not stopped before its start). Counts by priority
 * and state are grouped in SQL; only the breaches in the window come back, as JSON arrays per group (a
 * single text value parses far faster than hundreds of thousands of row objects, on PGlite above all).
 */
import type { Knex } from 'knex';
import type { SlaReportRow } from '../../domain/sla/report.js';
import type { SlaMetric, SlaState } from '../../domain/sla/types.js';
import type { Db } from './db-handle.js';

export interface ReportQuery {
  fromMs: number;
  toMs: number;
  filter?: { region?: string[]; tier?: string[]; priority?: string[] };
}

export interface ReportReads {
  /** Clock counts by ticket priority ('' when unknown) and state. */
  counts: Array<{ priority: string; state: SlaState; count: number }>;
  /** Clocks breached in [fromMs, toMs), oldest first. */
  breaches: SlaReportRow[];
}

/** A breach as one JSON array (see the select below): one text value for all rows is far cheaper to move than 200k row objects. */
type BreachTuple = [string, string, string, string, string | null, string, string, SlaMetric, SlaState, number, number, number | null, number, number | null];

/** Hash joins over a million tickets spill to disk at the default 4 MB; the report is worth 64 MB for one transaction. */
const REPORT_WORK_MEM = '64MB';

/** The clocks of the report's population joined to their tickets, narrowed by its filters (case-insensitive). */
export function scopedClocks(db: Db, query: ReportQuery): Knex.QueryBuilder {
  const builder = db.queryBuilder().from('sla_results as r').join('tickets as t', 't.case_id', 'r.case_id');
  for (const key of ['region', 'tier', 'priority'] as const) {
    const values = query.filter?.[key];
    if (values)
      builder.whereIn(
        db.raw(`lower(coalesce(t.${key}, ''))`) as unknown as string,
        values.map((v) => v.toLowerCase()),
      );
  }
  return builder;
}

export async function readReport(db: Db, query: ReportQuery): Promise<ReportReads> {
  const from = new Date(query.fromMs);
  const to = new Date(query.toMs);
  // One pass over the join: every breach in the window is in the population (it happened after
  // creation and before the clock stopped), so the counts and the breach list share the scan.
  const grouped = scopedClocks(db, query)
    .where('t.created_at', '<', to)
    .andWhere((q) => q.whereNull('r.stopped_at').orWhere('r.stopped_at', '>=', from))
    .select(
      db.raw(`coalesce(t.priority, '') as priority`),
      'r.state',
      db.raw('count(*) as count'),
      db.raw(
        `json_agg(json_build_array(r.case_id, coalesce(t.priority, ''), coalesce(t.tier, ''), coalesce(t.region, ''), t.topic, r.policy, r.calendar, r.metric, r.state,
          r.target_minutes, r.elapsed_minutes, date_part('epoch', r.due_at) * 1000, date_part('epoch', r.breached_at) * 1000, date_part('epoch', r.stopped_at) * 1000))
          FILTER (WHERE r.breached_at >= ? AND r.breached_at < ?)::text AS breaches`,
        [from, to],
      ),
    )
    .groupByRaw(`coalesce(t.priority, ''), r.state`);
  const groups = (await db.transaction(async (trx) => {
    await trx.raw(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    return grouped.transacting(trx);
  })) as Array<{ priority: string; state: SlaState; count: string | number; breaches: string | null }>;
  const counts = groups;
  const tuples = groups.flatMap((g) => (g.breaches ? (JSON.parse(g.breaches) as BreachTuple[]) : []));
  // Oldest first; ties by ticket and metric so the same data always gives the same report.
  tuples.sort((a, b) => a[12] - b[12] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || (a[7] < b[7] ? -1 : a[7] > b[7] ? 1 : 0));
  return {
    counts: counts.map((c) => ({ priority: c.priority, state: c.state, count: Number(c.count) })),
    breaches: tuples.map(([ticketId, priority, tier, region, topic, policy, calendar, metric, state, targetMinutes, elapsedMinutes, dueAtMs, breachedAtMs, stoppedAtMs]) => ({
      ticketId,
      priority,
      tier,
      region,
      topic,
      policy,
      calendar,
      metric,
      state,
      targetMinutes: Number(targetMinutes),
      elapsedMinutes: Number(elapsedMinutes),
      dueAtMs: dueAtMs === null ? null : Math.round(Number(dueAtMs)),
      breachedAtMs: Math.round(Number(breachedAtMs)),
      stoppedAtMs: stoppedAtMs === null ? null : Math.round(Number(stoppedAtMs)),
    })),
  };
}

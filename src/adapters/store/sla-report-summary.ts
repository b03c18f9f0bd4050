/**
 * The breach report as a page shows it, aggregated in SQL: counts by priority and state, breaches per
 * local day by priority and region and per topic (GROUPING SETS over the window's breaches, found by
 * the sla_results_breached index), and only the first rows of the breach list. The whole list, for
 * files, stays in sla-report.ts: moving every breach to Node to draw a chart and 500 rows cost about a
 * second over 20,000 breaches.
 */
import type { Knex } from 'knex';
import type { SlaReportRow } from '../../domain/sla/report.js';
import type { SlaMetric, SlaState } from '../../domain/sla/types.js';
import type { Db } from './db-handle.js';
import { scopedClocks } from './sla-report.js';
import type { ReportQuery } from './sla-report.js';

export interface ReportSummaryQuery extends ReportQuery {
  /** IANA zone whose local dates the per-day counts use. */
  timeZone: string;
  /** How many breaches, oldest first, to return as rows. */
  rows: number;
}

export interface ReportSummaryReads {
  counts: Array<{ priority: string; state: SlaState; count: number }>;
  perDay: Array<{ date: string; priority: string; region: string; count: number }>;
  /** Breaches per topic (classified tickets only), most first. */
  topics: Array<{ topic: string; count: number }>;
  breachCount: number;
  /** The first `rows` breaches of the window, oldest first (ties by case id and metric). */
  breaches: SlaReportRow[];
}

export async function readReportSummary(db: Db, query: ReportSummaryQuery): Promise<ReportSummaryReads> {
  const from = new Date(query.fromMs);
  const to = new Date(query.toMs);
  const inWindow = (b: Knex.QueryBuilder) => b.where('r.breached_at', '>=', from).andWhere('r.breached_at', '<', to);
  const counts = scopedClocks(db, query)
    .where('t.created_at', '<', to)
    .andWhere((q) => q.whereNull('r.stopped_at').orWhere('r.stopped_at', '>=', from))
    .select(db.raw(`coalesce(t.priority, '') AS priority`), 'r.state', db.raw('count(*)::int AS count'))
    .groupByRaw(`coalesce(t.priority, ''), r.state`);
  // The day is computed once per breach below, so both grouping sets read plain columns.
  const breached = inWindow(scopedClocks(db, query)).select(
    db.raw(`to_char(r.breached_at AT TIME ZONE ?, 'YYYY-MM-DD') AS date`, [query.timeZone]),
    db.raw(`coalesce(t.priority, '') AS priority`),
    db.raw(`coalesce(t.region, '') AS region`),
    't.topic',
  );
  const groups = db
    .queryBuilder()
    .from(breached.as('b'))
    .select('date', 'priority', 'region', 'topic', db.raw('grouping(topic) AS by_day'), db.raw('count(*)::int AS count'))
    .groupByRaw('GROUPING SETS ((date, priority, region), (topic))');
  const rows = inWindow(scopedClocks(db, query))
    .select(
      'r.case_id',
      't.priority',
      't.tier',
      't.region',
      't.topic',
      'r.policy',
      'r.calendar',
      'r.metric',
      'r.state',
      'r.target_minutes',
      'r.elapsed_minutes',
      'r.due_at',
      'r.breached_at',
      'r.stopped_at',
    )
    // JavaScript's order of ids (code units), which the full report uses too.
    .orderByRaw('r.breached_at, r.case_id COLLATE "C", r.metric COLLATE "C"')
    .limit(query.rows);
  const [countRows, groupRows, breachRows] = (await Promise.all([counts, groups, rows])) as [
    Array<{ priority: string; state: SlaState; count: number }>,
    Array<{ date: string | null; priority: string | null; region: string | null; topic: string | null; by_day: number; count: number }>,
    BreachRow[],
  ];
  const perDay = groupRows.filter((g) => Number(g.by_day) === 1).map((g) => ({ date: g.date!, priority: g.priority!, region: g.region!, count: Number(g.count) }));
  return {
    counts: countRows.map((c) => ({ priority: c.priority, state: c.state, count: Number(c.count) })),
    perDay,
    topics: groupRows
      .filter((g) => Number(g.by_day) === 0 && g.topic !== null)
      .map((g) => ({ topic: g.topic!, count: Number(g.count) }))
      .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    breachCount: perDay.reduce((sum, d) => sum + d.count, 0),
    breaches: breachRows.map(toReportRow),
  };
}

interface BreachRow {
  case_id: string;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  policy: string | null;
  calendar: string | null;
  metric: SlaMetric;
  state: SlaState;
  target_minutes: number;
  elapsed_minutes: number;
  due_at: Date | string | null;
  breached_at: Date | string;
  stopped_at: Date | string | null;
}

const ms = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

function toReportRow(row: BreachRow): SlaReportRow {
  return {
    ticketId: row.case_id,
    priority: row.priority ?? '',
    tier: row.tier ?? '',
    region: row.region ?? '',
    topic: row.topic,
    policy: row.policy,
    calendar: row.calendar,
    metric: row.metric,
    state: row.state,
    targetMinutes: Number(row.target_minutes),
    elapsedMinutes: Number(row.elapsed_minutes),
    dueAtMs: ms(row.due_at),
    breachedAtMs: ms(row.breached_at)!,
    stoppedAtMs: ms(row.stopped_at),
  };
}

/**
 * Breach-report reads over sla_results joined to tickets. The population is the clocks of tickets
 * active in the window (created before its end, not stopped before its start). Counts by priority
 * and state are grouped in SQL; only the breaches in the window come back as rows, so a report over
 * a million stored tickets moves a few thousand rows, not millions.
 */
import type { Knex } from 'knex';
import type { SlaReportRow } from '../../domain/sla/report.js';
import type { SlaMetric, SlaState } from '../../domain/sla/types.js';
import type { Db } from './db-handle.js';
import { toDate } from './db-handle.js';

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

interface BreachRow {
  case_id: string;
  priority: string;
  tier: string;
  region: string;
  topic: string | null;
  policy: string;
  calendar: string;
  metric: SlaMetric;
  state: SlaState;
  target_minutes: number;
  elapsed_minutes: number;
  due_at: Date | null;
  breached_at: Date;
  stopped_at: Date | null;
}

export async function readReport(db: Db, query: ReportQuery): Promise<ReportReads> {
  const from = new Date(query.fromMs);
  const to = new Date(query.toMs);
  const scoped = (builder: Knex.QueryBuilder) => {
    builder.from('sla_results as r').join('tickets as t', 't.case_id', 'r.case_id');
    for (const key of ['region', 'tier', 'priority'] as const) {
      const values = query.filter?.[key];
      if (values) builder.whereIn(db.raw(`lower(coalesce(t.${key}, ''))`) as unknown as string, values.map((v) => v.toLowerCase()));
    }
    return builder;
  };
  const counts = (await scoped(db.queryBuilder())
    .where('t.created_at', '<', to)
    .andWhere((q) => q.whereNull('r.stopped_at').orWhere('r.stopped_at', '>=', from))
    .select(db.raw(`coalesce(t.priority, '') as priority`), 'r.state')
    .count({ count: '*' })
    .groupByRaw(`coalesce(t.priority, ''), r.state`)) as Array<{ priority: string; state: SlaState; count: string | number }>;
  const rows = (await scoped(db.queryBuilder())
    .where('r.breached_at', '>=', from)
    .andWhere('r.breached_at', '<', to)
    .select(
      'r.case_id',
      db.raw(`coalesce(t.priority, '') as priority`),
      db.raw(`coalesce(t.tier, '') as tier`),
      db.raw(`coalesce(t.region, '') as region`),
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
    .orderBy([{ column: 'r.breached_at' }, { column: 'r.case_id' }, { column: 'r.metric' }])) as BreachRow[];
  return {
    counts: counts.map((c) => ({ priority: c.priority, state: c.state, count: Number(c.count) })),
    breaches: rows.map((row) => ({
      ticketId: row.case_id,
      priority: row.priority,
      tier: row.tier,
      region: row.region,
      topic: row.topic,
      policy: row.policy,
      calendar: row.calendar,
      metric: row.metric,
      state: row.state,
      targetMinutes: Number(row.target_minutes),
      elapsedMinutes: Number(row.elapsed_minutes),
      dueAtMs: toDate(row.due_at)?.getTime() ?? null,
      breachedAtMs: toDate(row.breached_at)!.getTime(),
      stoppedAtMs: toDate(row.stopped_at)?.getTime() ?? null,
    })),
  };
}

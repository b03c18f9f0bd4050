/**
 * `npm run bench -- sla-report [--tickets N] [--url postgres://…]`
 * `casebridge sla report` over N STORED tickets (default 1,000,000; two clocks each): the tickets and
 * sla_results are generated inside the database (multi-row INSERT … SELECT over generate_series,
 * the bulk-load path), then the stored report is built and rendered in each format for a one-week
 * window and for the whole year. PGlite in memory unless --url (or DATABASE_URL) names PostgreSQL.
 * Prints one JSON object; the goal is a report in under 5 s.
 */
import { openDatabase, migrateLatest } from '../src/adapters/store/database.js';
import { renderAggregatedReport } from '../src/domain/sla/report-render.js';
import { buildStoredReport } from '../src/engine/sla/stored-report.js';

const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const DAY_MS = 86_400_000;

export async function run(args: string[]): Promise<void> {
  const option = (name: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const ticketCount = Number(option('tickets') ?? 1_000_000);
  const url = option('url') ?? process.env.DATABASE_URL;
  const db = await openDatabase(url ? { url, schema: `bench_sla_report_${process.pid}` } : {});
  try {
    await migrateLatest(db.knex);
    const loadStarted = performance.now();
    await loadTickets(db.knex, ticketCount);
    const loadMs = performance.now() - loadStarted;

    const scenarios = [
      { name: 'week', fromMs: YEAR_START + 140 * DAY_MS, toMs: YEAR_START + 147 * DAY_MS },
      { name: 'year', fromMs: YEAR_START, toMs: YEAR_START + 366 * DAY_MS },
      { name: 'year-filtered', fromMs: YEAR_START, toMs: YEAR_START + 366 * DAY_MS, filter: { region: ['IL'], tier: ['Corporate', 'VIP'] } },
    ];
    const results = [];
    for (const scenario of scenarios) {
      const started = performance.now();
      const report = await buildStoredReport(db.knex, { fromMs: scenario.fromMs, toMs: scenario.toMs, filter: scenario.filter, timeZone: 'Asia/Jerusalem' });
      const queryMs = performance.now() - started;
      const formats: Record<string, { totalMs: number; bytes: number }> = {};
      for (const format of ['csv', 'json', 'html'] as const) {
        const renderStarted = performance.now();
        const text = renderAggregatedReport(report, format);
        formats[format] = { totalMs: round(queryMs + performance.now() - renderStarted), bytes: text.length };
      }
      results.push({
        window: scenario.name,
        filter: scenario.filter ?? null,
        clocksInScope: report.totals.clocks,
        breachesInWindow: report.breaches.length,
        queryAndAggregateMs: round(queryMs),
        formats,
      });
    }
    const slowestMs = Math.max(...results.flatMap((r) => Object.values(r.formats).map((f) => f.totalMs)));
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'sla-report', node: process.version, database: db.kind, storedTickets: ticketCount, storedClocks: ticketCount * 2, loadSeconds: round(loadMs / 1000), reports: results, slowestReportMs: slowestMs, goalMs: 5000, goalMet: slowestMs < 5000 }, null, 2)}\n`,
    );
  } finally {
    if (db.kind === 'postgres') await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
    await db.close();
  }
}

/**
 * A year of tickets, spread evenly, with priorities, regions, tiers and topics cycling at
 * co-prime strides; 70% of clocks met, 12% breached, the rest running, paused or at risk.
 * Inserted in chunks of 100,000 so memory stays flat on PGlite.
 */
export async function loadTickets(knex: import('knex').Knex, count: number): Promise<void> {
  const spacingSeconds = (365 * 86_400) / count;
  const chunk = 100_000;
  for (let first = 1; first <= count; first += chunk) {
    const last = Math.min(count, first + chunk - 1);
    await knex.raw(
      `INSERT INTO tickets (case_id, case_number, created_at, priority, tier, region, topic, status)
       SELECT 'C' || lpad(i::text, 8, '0'), lpad(i::text, 8, '0'),
              timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => i * ?::float8),
              'P' || (1 + i % 4), (ARRAY['Private','Corporate','VIP'])[1 + (i / 4) % 3], (ARRAY['IL','GB','RU'])[1 + (i / 12) % 3],
              (ARRAY['driver_app','rider_app','payments_billing','corporate_portal','dispatch_pricing','account_access','safety_incident','internal_tools','other'])[1 + (i * 7) % 9],
              'Working'
       FROM generate_series(?::int, ?::int) AS i`,
      [spacingSeconds, first, last],
    );
    await knex.raw(
      `INSERT INTO sla_results (case_id, metric, policy, calendar, target_minutes, elapsed_minutes, paused_minutes, state, due_at, breached_at, stopped_at, computed_at)
       SELECT t.case_id, m.metric, 'p' || t.priority, t.region, m.target, m.target * 0.8, 0, s.state,
              CASE WHEN s.state IN ('running', 'at_risk', 'breached') THEN t.created_at + make_interval(mins => m.target) END,
              CASE WHEN s.state = 'breached' THEN t.created_at + make_interval(mins => m.target) END,
              CASE WHEN s.state IN ('met', 'breached') THEN t.created_at + make_interval(mins => m.target + 30) END,
              now()
       FROM generate_series(?::int, ?::int) AS i
       JOIN tickets t ON t.case_id = 'C' || lpad(i::text, 8, '0')
       CROSS JOIN (VALUES ('first_response', 60), ('resolution', 960)) AS m(metric, target)
       CROSS JOIN LATERAL (SELECT CASE WHEN (i * 13 + length(m.metric)) % 100 < 70 THEN 'met'
                                       WHEN (i * 13 + length(m.metric)) % 100 < 82 THEN 'breached'
                                       WHEN (i * 13 + length(m.metric)) % 100 < 90 THEN 'running'
                                       WHEN (i * 13 + length(m.metric)) % 100 < 95 THEN 'paused'
                                       ELSE 'at_risk' END AS state) AS s`,
      [first, last],
    );
  }
  await knex.raw('ANALYZE tickets');
  await knex.raw('ANALYZE sla_results');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The Reports page's cut of the breach report, aggregated in SQL (buildReportSummary), against the
 * full stored report (every breach read and aggregated in Node) over the same clocks: the same totals,
 * rates, breaches per local day (across a DST change, in zones with odd offsets), top topics and the
 * first rows in the same order, and the count of all breaches — for several windows and filters.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { buildReportSummary, buildStoredReport } from '../../../src/engine/sla/stored-report.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const DAY_MS = 86_400_000;
/** London leaves summer time on 25 October 2026: the window spans the change. */
const T0 = Date.parse('2026-10-20T00:00:00Z');

describe('breach report summary in SQL (the Reports page)', function () {
  this.timeout(30_000);
  let db: Database;

  before(async () => {
    db = await givenMigratedDatabase('report_summary');
    // 900 tickets over 12 days; some without priority, region or topic; two clocks each.
    await db.knex.raw(
      `INSERT INTO tickets (case_id, case_number, created_at, priority, tier, region, topic, status)
       SELECT '500T' || lpad(i::text, 6, '0'), lpad(i::text, 8, '0'), ?::timestamptz + (i * 1150) * interval '1 second',
         (ARRAY['P1','P2','P3',NULL])[1 + i % 4], (ARRAY['VIP','Corporate','Private'])[1 + (i / 4) % 3], (ARRAY['IL','GB','RU',NULL,'IL'])[1 + (i / 3) % 5],
         (ARRAY['payments_billing','driver_app',NULL,'rider_app','safety_incident'])[1 + (i / 7) % 5], 'Working'
       FROM generate_series(1, 900) AS i`,
      [new Date(T0 - DAY_MS)],
    );
    await db.knex.raw(
      `INSERT INTO sla_results (case_id, metric, policy, calendar, target_minutes, elapsed_minutes, paused_minutes, state, due_at, breached_at, stopped_at, computed_at)
       SELECT t.case_id, m.metric, 'p', 'c', m.target, m.target * 1.5, 0, s.state,
         t.created_at + m.target * interval '1 minute',
         CASE WHEN s.state = 'breached' THEN t.created_at + (m.target + abs(hashtext(t.case_id || m.metric)) % 900) * interval '1 minute' END,
         CASE WHEN s.state IN ('met', 'breached') AND abs(hashtext(t.case_id)) % 3 = 0 THEN t.created_at + interval '2 days' END, now()
       FROM tickets t CROSS JOIN (VALUES ('first_response', 60.0), ('resolution', 480.0)) AS m(metric, target)
       CROSS JOIN LATERAL (SELECT (ARRAY['breached','met','running','breached','paused','at_risk'])[1 + abs(hashtext(m.metric || t.case_id)) % 6] AS state) s`,
    );
    // Ties on breached_at at the start of the window (among the first rows): their order must not depend on the collation.
    await db.knex.raw(`UPDATE sla_results SET state = 'breached', breached_at = ?::timestamptz WHERE case_id IN ('500T000101', '500T000102', '500T000103')`, [new Date(T0 + 1000)]);
  });
  after(async () => dropTestDatabase(db));

  const cases = [
    { name: 'a week in London', fromMs: T0, toMs: T0 + 7 * DAY_MS, timeZone: 'Europe/London' },
    { name: 'ten days in Kathmandu (+05:45)', fromMs: T0 - DAY_MS, toMs: T0 + 9 * DAY_MS, timeZone: 'Asia/Kathmandu' },
    { name: 'a day in UTC', fromMs: T0 + 3 * DAY_MS, toMs: T0 + 4 * DAY_MS, timeZone: 'UTC' },
    { name: 'filtered by region and priority, Jerusalem', fromMs: T0, toMs: T0 + 12 * DAY_MS, timeZone: 'Asia/Jerusalem', filter: { region: ['il', 'GB'], priority: ['P1', 'P2'] } },
    { name: 'filtered by tier', fromMs: T0, toMs: T0 + 12 * DAY_MS, timeZone: 'UTC', filter: { tier: ['Corporate'] } },
    { name: 'no breach at all', fromMs: T0 + 60 * DAY_MS, toMs: T0 + 61 * DAY_MS, timeZone: 'UTC' },
  ];
  for (const c of cases) {
    it(`agrees with the full report: ${c.name}`, async () => {
      const options = { ...c, title: 'R', generatedAtMs: T0 };
      const full = await buildStoredReport(db.knex, options);
      const page = await buildReportSummary(db.knex, { ...options, rows: 25 });
      assert.equal(page.breachCount, full.breaches.length);
      assert.deepEqual(page.breaches, full.breaches.slice(0, 25));
      const { breaches: _f, ...fullRest } = full;
      const { breaches: _p, breachCount: _n, ...pageRest } = page;
      assert.deepEqual(pageRest, fullRest);
      if (c.name.startsWith('a week')) assert.ok(full.breaches.length > 100 && full.breachesPerDay.length > 20, 'the data has something to compare');
    });
  }
});

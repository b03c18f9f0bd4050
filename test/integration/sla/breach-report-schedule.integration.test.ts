/**
 * Scheduled breach reports against one database: two scheduler instances ticking on the same
 * (fake) clock fire each slot exactly once; slots missed while no scheduler ran are caught up
 * (up to the limit); the stored report agrees with the domain's aggregation of the same clocks.
 * The tests run in order: the catch-up starts where the two schedulers' last slots left off.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/adapters/store/database.js';
import type { Database } from '../../../src/adapters/store/database.js';
import type { Notifier, ReportDelivery } from '../../../src/adapters/notify/types.js';
import { reportsFileSchema } from '../../../src/config/schemas/reports.js';
import type { ReportSchedule } from '../../../src/config/schemas/reports.js';
import { aggregateSlaReport } from '../../../src/domain/sla/report.js';
import type { SlaReportRow } from '../../../src/domain/sla/report.js';
import { buildStoredReport } from '../../../src/engine/sla/stored-report.js';
import * as breachReport from '../../../src/jobs/breach-report.js';
import type { BreachReportDeps, SlotOutcome } from '../../../src/jobs/breach-report.js';
import { createLogger } from '../../../src/logging.js';
import { dropTestDatabase, givenMigratedDatabase, testDatabaseUrl } from '../../helpers/database.js';
import { HOUR_MS, T0, givenStoredClocks } from './given-stored-clocks.js';

function givenSchedules(directory: string): ReportSchedule[] {
  return reportsFileSchema.parse({
    reports: [
      { name: 'hourly', cron: '0 * * * *', window: '1h', formats: ['csv', 'json'], outputs: { directory, slack: true } },
      {
        name: 'il-half-hourly',
        cron: '*/30 * * * *',
        timezone: 'Asia/Jerusalem',
        window: '30m',
        filter: { region: ['il'] },
        formats: ['html'],
        outputs: { email: ['il@example.org'] },
        catchUpLimit: 2,
      },
    ],
  }).reports;
}

describe('breach reports (scheduled, one firing per slot)', function () {
  this.timeout(60_000);
  let db: Database;
  let second: Database | undefined;
  let dir: string;
  let rows: SlaReportRow[];
  const deliveries: ReportDelivery[] = [];
  const notifier: Notifier = { sendSlaAlert: async () => undefined, sendReport: async (report) => void deliveries.push(report) };
  const logger = createLogger({ level: 'silent' });

  before(async () => {
    db = await givenMigratedDatabase('breach_report');
    // A second pool on the same schema when a PostgreSQL server is given; PGlite has one connection.
    if (testDatabaseUrl()) second = await openDatabase({ url: testDatabaseUrl(), schema: db.schema, poolMax: 2 });
    dir = mkdtempSync(path.join(tmpdir(), 'casebridge-reports-'));
    rows = await givenStoredClocks(db, [
      { id: 'A', priority: 'P1', region: 'GB', topic: 'payments_billing', state: 'breached', createdMs: T0 - HOUR_MS, breachedMs: T0 + 10 * 60_000 },
      { id: 'B', priority: 'P2', region: 'IL', topic: 'driver_app', state: 'breached', createdMs: T0, breachedMs: T0 + 40 * 60_000 },
      { id: 'C', priority: 'P2', region: 'IL', topic: 'driver_app', state: 'breached', createdMs: T0, breachedMs: T0 + 70 * 60_000, stoppedMs: T0 + 80 * 60_000 },
      { id: 'D', priority: 'P1', region: 'RU', state: 'met', createdMs: T0, stoppedMs: T0 + 20 * 60_000 },
      { id: 'E', priority: 'P3', region: 'GB', state: 'running', createdMs: T0 + 30 * 60_000 },
      { id: 'F', priority: 'P3', region: 'GB', state: 'met', createdMs: T0 - 48 * HOUR_MS, stoppedMs: T0 - 47 * HOUR_MS },
    ]);
  });
  after(async () => {
    await second?.close();
    await dropTestDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the stored report agrees with the domain aggregation of the clocks active in the window', async () => {
    const options = { fromMs: T0, toMs: T0 + 2 * HOUR_MS, timeZone: 'Asia/Jerusalem' };
    const stored = await buildStoredReport(db.knex, options);
    // Active in the window: not stopped before it starts (every clock here starts before it ends). F stopped two days before.
    const active = rows.filter((r) => r.stoppedAtMs === null || r.stoppedAtMs >= options.fromMs);
    assert.deepEqual(
      active.map((r) => r.ticketId),
      ['A', 'B', 'C', 'D', 'E'],
    );
    assert.deepEqual(stored, aggregateSlaReport(active, options));
    assert.deepEqual(
      stored.breaches.map((b) => b.ticketId),
      ['A', 'B', 'C'],
    );
    const filtered = await buildStoredReport(db.knex, { ...options, filter: { region: ['il'], priority: ['P2'] } });
    assert.deepEqual(
      filtered.breaches.map((b) => b.ticketId),
      ['B', 'C'],
    );
    assert.equal(filtered.totals.clocks, 2);
  });

  it('two scheduler instances ticking on one database fire each slot exactly once', async () => {
    let nowMs = T0 - 60_000;
    const base = { reports: givenSchedules(dir), notifier, logger, nowMs: () => nowMs };
    const a: BreachReportDeps = { ...base, db: db.knex };
    const b: BreachReportDeps = { ...base, db: (second ?? db).knex };
    const outcomes: SlotOutcome[] = [];
    // Ticks every 7 minutes: most slots are found late, by both instances at once.
    for (; nowMs <= T0 + 3 * HOUR_MS; nowMs += 7 * 60_000) {
      outcomes.push(...(await Promise.all([breachReport.run(a), breachReport.run(b)])).flat());
    }
    const fired = outcomes
      .filter((o) => o.fired)
      .map((o) => `${o.schedule}@${o.slot}`)
      .sort();
    assert.equal(new Set(fired).size, fired.length, 'no slot fired twice');
    // Expected independently: every whole hour / half hour from one window before the first tick to the last tick.
    const lastTickMs = nowMs - 7 * 60_000;
    const expected = (name: string, everyMinutes: number) => {
      const slots: string[] = [];
      for (let m = Math.ceil((T0 - 60_000 - everyMinutes * 60_000 + 1) / (everyMinutes * 60_000)) * everyMinutes * 60_000; m <= lastTickMs; m += everyMinutes * 60_000)
        slots.push(`${name}@${new Date(m).toISOString()}`);
      return slots;
    };
    assert.deepEqual(
      fired.filter((f) => f.startsWith('hourly@')),
      expected('hourly', 60),
    );
    assert.deepEqual(fired.filter((f) => f.startsWith('hourly@')).at(-1), 'hourly@2026-11-02T02:00:00.000Z');
    assert.deepEqual(
      fired.filter((f) => f.startsWith('il-half-hourly@')),
      expected('il-half-hourly', 30),
    );
    const rowsInDb = await db.knex('report_runs').select('schedule', 'slot', 'status');
    assert.equal(rowsInDb.length, fired.length);
    assert.ok(rowsInDb.every((r) => r.status === 'done'));
    assert.equal(deliveries.length, fired.length, 'one delivery per slot');
    const csv = readFileSync(path.join(dir, 'hourly-2026-11-02T0100Z.csv'), 'utf8');
    assert.deepEqual(
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
      ['A', 'B'],
      'breaches in [00:00, 01:00)',
    );
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.csv')).length, 4, 'one CSV per hourly slot');
    const il = deliveries.filter((d) => d.schedule === 'il-half-hourly');
    assert.ok(il.every((d) => d.emailTo[0] === 'il@example.org' && d.attachments[0]!.contentType === 'text/html'));
  });

  it('slots missed while no scheduler ran are caught up, newest first kept up to the limit', async () => {
    const nowMs = T0 + 3 * HOUR_MS + 5 * HOUR_MS + 5 * 60_000; // down for five hours
    const outcomes = await breachReport.run({ db: db.knex, reports: givenSchedules(dir), notifier, logger, nowMs: () => nowMs });
    const hourly = outcomes.filter((o) => o.schedule === 'hourly' && o.fired).map((o) => o.slot);
    assert.deepEqual(
      hourly,
      ['03', '04', '05', '06', '07', '08'].map((h) => `2026-11-02T${h}:00:00.000Z`),
      'every missed hour (limit 24)',
    );
    const il = outcomes.filter((o) => o.schedule === 'il-half-hourly' && o.fired).map((o) => o.slot);
    assert.deepEqual(
      il,
      ['07:00', '07:30', '08:00'].map((t) => `2026-11-02T${t}:00.000Z`),
      'the newest three: catchUpLimit 2 plus the current slot',
    );
    const again = await breachReport.run({ db: db.knex, reports: givenSchedules(dir), notifier, logger, nowMs: () => nowMs });
    assert.equal(again.filter((o) => o.fired).length, 0, 'nothing fires twice');
  });
});

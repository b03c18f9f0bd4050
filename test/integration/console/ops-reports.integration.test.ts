/**
 * The Reports page and the scheduled HTML report are one page: the console shows the body the
 * e-mailed copy has (plus chart data for chart.js), with every day of the window on the axis, case
 * numbers and Jira keys instead of record ids, hours and minutes, and topic names.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { startOpsConsole } from '../../helpers/ops-console.js';
import type { OpsConsole } from '../../helpers/ops-console.js';
import { seedOpsData } from '../../helpers/ops-seed.js';
import { buildStoredReport } from '../../../src/engine/sla/stored-report.js';
import { loadReportNames } from '../../../src/engine/sla/report-names.js';
import { renderReportHtml } from '../../../src/domain/sla/report-html.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSlot } from '../../../src/jobs/breach-report.js';
import { reportsFileSchema } from '../../../src/config/schemas/reports.js';
import { createLogger } from '../../../src/logging.js';

const NOW = new Date('2026-12-02T08:00:00Z');

function chartData(html: string, dimension: string): { days: string[]; series: Array<{ name: string; colour: string; counts: number[] }>; ticks: number[] } {
  const match = new RegExp(`id="chart-${dimension}" data-chart="([^"]+)"`).exec(html);
  assert.ok(match, `chart ${dimension} has data`);
  return JSON.parse(match[1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as never;
}

describe('console reports page (HTTP)', function () {
  this.timeout(60_000);
  let db: Database;
  let ops: OpsConsole;

  before(async () => {
    db = await givenMigratedDatabase('console_ops_reports');
    await seedOpsData(db.knex, NOW);
    ops = await startOpsConsole(db.knex, { now: () => NOW });
  });
  after(async () => {
    await ops?.close();
    await dropTestDatabase(db);
  });

  it('puts every day of the window on the axis, zero days included, with one colour scale per dimension', async () => {
    const html = await (await fetch(`${ops.baseUrl}/reports?window=7d`)).text();
    const priority = chartData(html, 'priority');
    assert.deepEqual(priority.days, ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    assert.deepEqual(
      priority.series.map((s) => [s.name, s.counts]),
      [
        ['P1', [0, 0, 1, 0, 0, 0, 0, 0]],
        ['P2', [0, 0, 0, 0, 0, 1, 0, 0]],
        ['P3', [0, 0, 0, 0, 0, 1, 0, 0]],
      ],
    );
    const region = chartData(html, 'region');
    assert.deepEqual(
      region.series.map((s) => [s.name, s.counts]),
      [
        ['GB', [0, 0, 1, 0, 0, 0, 0, 0]],
        ['IL', [0, 0, 0, 0, 0, 2, 0, 0]],
      ],
    );
    const priorityColours = new Set(priority.series.map((s) => s.colour));
    assert.ok(
      region.series.every((s) => !priorityColours.has(s.colour)),
      'no colour means a priority and a region',
    );
    assert.deepEqual(region.ticks, [0, 1, 2]);
    // The SVG carries ticks and a label per day for readers without script.
    assert.match(html, /<text x="38" y="[\d.]+" text-anchor="end">2<\/text>/);
    assert.equal((html.match(/rotate\(45/g) ?? []).length, 16);
    assert.match(html, /<script src="\/assets\/vendor\/chart\.umd\.min\.js"><\/script>/);
  });

  it('names cases by number with links, Jira keys, topics by name, durations in hours and minutes', async () => {
    const html = await (await fetch(`${ops.baseUrl}/reports?window=7d`)).text();
    assert.match(
      html,
      /<tr><td>2026-11-27 06:00<\/td><td><a href="\/tickets\/00001001" title="500Dn0000001AAAAA1">00001001<\/a><\/td><td><a href="https:\/\/acme\.atlassian\.net\/browse\/PAY-101">PAY-101<\/a><\/td><td>resolution<\/td><td>P1<\/td><td>VIP<\/td><td>GB<\/td><td><span title="payments_billing">Payments billing<\/span><\/td><td class="num"><span title="240 min">4 h 00 min<\/span><\/td><td class="num"><span title="330 min">5 h 30 min<\/span><\/td><td class="num">1 h 30 min<\/td><td>breached<\/td><\/tr>/,
    );
    assert.match(html, /<td title="driver_app">Driver app<\/td><td class="num">2<\/td>/);
    assert.ok(!/>500Dn0000001AAAAA1</.test(html), 'record ids only in tooltips');
  });

  it('filters by region and says what it did not understand', async () => {
    const html = await (await fetch(`${ops.baseUrl}/reports?window=7d&region=gb`)).text();
    assert.match(html, /Breaches \(1\)/);
    const bad = await (await fetch(`${ops.baseUrl}/reports?window=forever`)).text();
    assert.match(bad, /Not understood, so the defaults are shown: window: a window such as 24h or 7d/);
  });

  it('a clock breaching after a view is on the next view (a kept report is dropped when a clock is computed again)', async () => {
    const breaches = async () => /Breaches \((\d+)/.exec(await (await fetch(`${ops.baseUrl}/reports?window=7d&tz=Europe/London`)).text())?.[1];
    assert.equal(await breaches(), '3');
    assert.equal(await breaches(), '3', 'the same view again (kept)');
    const breachedAt = new Date(NOW.getTime() - 3_600_000);
    await db.knex('sla_results').insert({
      case_id: '500Dn0000002AAAAA2',
      metric: 'first_response',
      policy: 'p',
      calendar: 'c',
      target_minutes: 60,
      elapsed_minutes: 90,
      paused_minutes: 0,
      state: 'breached',
      due_at: breachedAt,
      breached_at: breachedAt,
      computed_at: new Date(NOW.getTime() + 1000),
    });
    try {
      assert.equal(await breaches(), '4');
    } finally {
      await db.knex('sla_results').where({ case_id: '500Dn0000002AAAAA2', metric: 'first_response' }).delete();
    }
  });

  it('is the same body as the e-mailed page, which has no script and links cases to Salesforce', async () => {
    const file = await (await fetch(`${ops.baseUrl}/reports/export.html?window=7d`)).text();
    assert.ok(!/<script/i.test(file));
    assert.ok(!file.includes('data-chart'));
    assert.match(file, /<a href="https:\/\/acme\.my\.salesforce\.com\/lightning\/r\/Case\/500Dn0000001AAAAA1\/view" title="500Dn0000001AAAAA1">00001001<\/a>/);
    // What the breach-report job renders for the same window is this very page.
    const report = await buildStoredReport(db.knex, { fromMs: Date.parse('2026-11-25T08:00:00Z'), toMs: NOW.getTime(), timeZone: 'UTC', title: 'SLA breach report', generatedAtMs: NOW.getTime() });
    const names = await loadReportNames(db.knex, report, { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' });
    assert.equal(file, renderReportHtml(report, { names }));
    // And the scheduled job, for a weekly slot at NOW, writes exactly that file.
    const directory = mkdtempSync(path.join(tmpdir(), 'casebridge-ops-report-'));
    try {
      const [schedule] = reportsFileSchema.parse({ reports: [{ name: 'weekly', title: 'SLA breach report', cron: '0 8 * * *', window: '7d', formats: ['html'], outputs: { directory } }] }).reports;
      const links = { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' };
      const outcome = await runSlot({ db: db.knex, reports: [schedule!], logger: createLogger({ level: 'silent' }), nowMs: () => NOW.getTime(), links }, schedule!, NOW.getTime());
      assert.equal(readFileSync(outcome.files![0]!, 'utf8'), file);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    const csv = await (await fetch(`${ops.baseUrl}/reports/export.csv?window=7d`)).text();
    assert.equal(csv.trim().split('\r\n').length, 4);
  });
});

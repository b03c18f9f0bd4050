/** The breach charts' axis and colours: every local day of a window, round whole ticks, one colour scale per dimension. */
import assert from 'node:assert/strict';
import { listWindowDays, niceTicks, renderDailyChartSvg, toDailyChart } from '../../../src/domain/sla/report-charts.js';
import { aggregateSlaReport, type SlaReportRow } from '../../../src/domain/sla/report.js';
import { formatHoursMinutes } from '../../../src/domain/sla/report-html.js';

const row = (over: Partial<SlaReportRow>): SlaReportRow => ({
  ticketId: '500A',
  priority: 'P2',
  tier: 'Private',
  region: 'GB',
  topic: null,
  policy: null,
  calendar: null,
  metric: 'resolution',
  state: 'breached',
  targetMinutes: 60,
  elapsedMinutes: 90,
  dueAtMs: null,
  breachedAtMs: null,
  stoppedAtMs: null,
  ...over,
});

describe('breach report charts', () => {
  it('lists every local date of the window, across a DST change, end exclusive', () => {
    // Europe/London leaves summer time on 2026-10-25: that day has 25 hours.
    const days = listWindowDays(Date.parse('2026-10-23T23:00:00Z'), Date.parse('2026-10-27T00:00:00Z'), 'Europe/London');
    assert.deepEqual(days, ['2026-10-24', '2026-10-25', '2026-10-26']);
    assert.deepEqual(listWindowDays(Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-03T00:00:00Z'), 'Asia/Jerusalem'), ['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('ticks at whole round numbers reaching the largest total', () => {
    assert.deepEqual(niceTicks(0), [0, 1]);
    assert.deepEqual(niceTicks(2), [0, 1, 2]);
    assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
    assert.deepEqual(niceTicks(230), [0, 50, 100, 150, 200, 250]);
  });

  it('counts zero days, orders priorities hottest first, and never shares a colour between dimensions', () => {
    const fromMs = Date.parse('2026-11-01T00:00:00Z');
    const report = aggregateSlaReport(
      [
        row({ priority: 'P1', region: 'IL', breachedAtMs: Date.parse('2026-11-02T10:00:00Z') }),
        row({ priority: 'P4', region: 'GB', breachedAtMs: Date.parse('2026-11-04T10:00:00Z') }),
        row({ priority: 'P1', region: 'RU', breachedAtMs: Date.parse('2026-11-04T11:00:00Z') }),
      ],
      { fromMs, toMs: fromMs + 5 * 86_400_000 },
    );
    const byPriority = toDailyChart(report, 'priority');
    const byRegion = toDailyChart(report, 'region');
    assert.deepEqual(byPriority.days.length, 5);
    assert.deepEqual(
      byPriority.series.map((s) => [s.name, s.counts]),
      [
        ['P1', [0, 1, 0, 1, 0]],
        ['P4', [0, 0, 0, 1, 0]],
      ],
    );
    assert.equal(byPriority.maxTotal, 2);
    const colours = new Set(byPriority.series.map((s) => s.colour));
    assert.equal(colours.size, 2);
    assert.ok(byRegion.series.every((s) => !colours.has(s.colour)));
    assert.equal(new Set(byRegion.series.map((s) => s.colour)).size, 3);
    const svg = renderDailyChartSvg(byPriority);
    assert.equal((svg.match(/<title>/g) ?? []).length, 3);
    assert.equal((svg.match(/rotate\(45/g) ?? []).length, 5, 'a label for every day, zero days too');
  });

  it('writes durations as hours and minutes', () => {
    assert.equal(formatHoursMinutes(35), '35 min');
    assert.equal(formatHoursMinutes(240), '4 h 00 min');
    assert.equal(formatHoursMinutes(1505.4), '25 h 05 min');
  });
});

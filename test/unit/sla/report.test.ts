/** Breach report aggregation and its CSV / JSON / HTML renderings. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aggregateSlaReport } from '../../../src/domain/sla/report.js';
import type { SlaReportRow } from '../../../src/domain/sla/report.js';
import { renderReport, toCsvCell } from '../../../src/domain/sla/report-render.js';
import type { SlaState } from '../../../src/domain/sla/types.js';

const FROM = Date.parse('2025-06-01T00:00:00Z');
const TO = Date.parse('2025-06-08T00:00:00Z');

function givenRow(partial: Partial<SlaReportRow> = {}): SlaReportRow {
  return {
    ticketId: 'C-1',
    priority: 'P2',
    tier: 'Corporate',
    region: 'GB',
    topic: 'payments',
    policy: 'p2-corporate',
    calendar: 'GB',
    metric: 'resolution',
    state: 'breached',
    targetMinutes: 720,
    elapsedMinutes: 800,
    dueAtMs: null,
    breachedAtMs: Date.parse('2025-06-02T10:00:00Z'),
    stoppedAtMs: null,
    ...partial,
  };
}

describe('SLA breach report', () => {
  const rows = [
    givenRow({ ticketId: 'A' }),
    givenRow({ ticketId: 'B', region: 'IL', breachedAtMs: Date.parse('2025-06-02T22:30:00Z') }),
    givenRow({ ticketId: 'C', priority: 'P1', topic: 'login', breachedAtMs: Date.parse('2025-06-03T01:00:00Z') }),
    givenRow({ ticketId: 'D', breachedAtMs: Date.parse('2025-05-30T10:00:00Z') }),
    givenRow({ ticketId: 'E', state: 'met', breachedAtMs: null, stoppedAtMs: FROM + 1 }),
    givenRow({ ticketId: 'F', state: 'running', breachedAtMs: null, tier: 'Private' }),
  ];

  it('counts states, breach rates and breaches per local day in the window', () => {
    const report = aggregateSlaReport(rows, { fromMs: FROM, toMs: TO, timeZone: 'Asia/Jerusalem' });
    assert.equal(report.totals.clocks, 6);
    assert.deepEqual(report.totals.byState, { met: 1, breached: 4, running: 1, paused: 0, at_risk: 0 });
    assert.deepEqual(report.byPriority, [
      { priority: 'P1', clocks: 1, met: 0, breached: 1, breachRatePercent: 100 },
      { priority: 'P2', clocks: 5, met: 1, breached: 3, breachRatePercent: 75 },
    ]);
    // 22:30Z on 2 June is 01:30 on 3 June in Jerusalem (UTC+3); D breached before the window.
    assert.deepEqual(report.breachesPerDay, [
      { date: '2025-06-02', priority: 'P2', region: 'GB', count: 1 },
      { date: '2025-06-03', priority: 'P1', region: 'GB', count: 1 },
      { date: '2025-06-03', priority: 'P2', region: 'IL', count: 1 },
    ]);
    assert.deepEqual(report.topBreachedTopics, [
      { topic: 'payments', count: 2 },
      { topic: 'login', count: 1 },
    ]);
    assert.deepEqual(
      report.breaches.map((r) => r.ticketId),
      ['A', 'B', 'C'],
    );
  });

  it('filters by region, tier and priority, case-insensitively', () => {
    const report = aggregateSlaReport(rows, { fromMs: FROM, toMs: TO, filter: { region: ['gb'], priority: ['P2'] } });
    assert.deepEqual(
      report.breaches.map((r) => r.ticketId),
      ['A'],
    );
    assert.equal(report.totals.clocks, 4);
  });

  it('agrees with a naive recount on random rows', () => {
    const states: SlaState[] = ['met', 'breached', 'running', 'paused', 'at_risk'];
    const row = fc.record({
      priority: fc.constantFrom('P1', 'P2', 'P3'),
      region: fc.constantFrom('IL', 'GB', 'RU'),
      state: fc.constantFrom(...states),
      breachedOffsetHours: fc.integer({ min: -48, max: 24 * 9 }),
      topic: fc.constantFrom('a', 'b', 'c', null),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (drawn) => {
        const input = drawn.map((d, i) => givenRow({ ticketId: `T${i}`, ...d, breachedAtMs: d.state === 'breached' ? FROM + d.breachedOffsetHours * 3_600_000 : null }));
        const report = aggregateSlaReport(input, { fromMs: FROM, toMs: TO });
        const inWindow = input.filter((r) => r.breachedAtMs !== null && r.breachedAtMs >= FROM && r.breachedAtMs < TO);
        assert.equal(report.breaches.length, inWindow.length);
        assert.equal(
          report.breachesPerDay.reduce((sum, d) => sum + d.count, 0),
          inWindow.length,
        );
        for (const state of states) assert.equal(report.totals.byState[state], input.filter((r) => r.state === state).length);
        for (const d of report.breachesPerDay) {
          const expected = inWindow.filter((r) => new Date(r.breachedAtMs!).toISOString().startsWith(d.date) && r.priority === d.priority && r.region === d.region).length;
          assert.equal(d.count, expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('renders CSV with quoting and defused formulas', () => {
    const csv = renderReport([givenRow({ ticketId: '=HYPERLINK("x")', topic: 'refund, partial' })], { fromMs: FROM, toMs: TO, format: 'csv' });
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'ticket_id,metric,priority,tier,region,topic,policy,calendar,target_minutes,elapsed_minutes,breached_at,stopped_at,state');
    assert.equal(lines[1], `"'=HYPERLINK(""x"")",resolution,P2,Corporate,GB,"refund, partial",p2-corporate,GB,720,800,2025-06-02T10:00:00.000Z,,breached`);
    assert.equal(lines.length, 3);
    assert.equal(toCsvCell('-12.5'), '-12.5');
    assert.equal(toCsvCell('-cmd'), "'-cmd");
  });

  it('renders JSON with ISO instants', () => {
    const parsed = JSON.parse(renderReport(rows, { fromMs: FROM, toMs: TO, format: 'json', generatedAtMs: TO })) as Record<string, any>;
    assert.equal(parsed.from, '2025-06-01T00:00:00.000Z');
    assert.equal(parsed.generatedAt, '2025-06-08T00:00:00.000Z');
    assert.equal(parsed.breaches.length, 3);
    assert.equal(parsed.breaches[0].breachedAt, '2025-06-02T10:00:00.000Z');
    assert.equal(parsed.breaches[0].breachedAtMs, undefined);
  });

  it('renders an HTML page with charts and escapes customer text', () => {
    const html = renderReport([...rows, givenRow({ ticketId: '<script>alert(1)</script>' })], { fromMs: FROM, toMs: TO, format: 'html' });
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal((html.match(/<svg /g) ?? []).length, 2);
    assert.match(html, /<title>2025-06-02 P2: 3<\/title>/);
    assert.match(html, /Breaches \(4\)/);
  });

  it("states its window in the report's time zone as a person reads it, with the ISO instant for machines", () => {
    const html = renderReport(rows, { fromMs: FROM, toMs: TO, format: 'html', timeZone: 'Asia/Jerusalem', generatedAtMs: TO + 90 * 60_000 });
    assert.match(
      html,
      /Window <time datetime="2025-06-01T00:00:00.000Z">1 Jun 2025 03:00<\/time> – <time datetime="2025-06-08T00:00:00.000Z">8 Jun 2025 03:00<\/time> \(Asia\/Jerusalem; days in this zone\) · generated <time datetime="2025-06-08T01:30:00.000Z">8 Jun 2025 04:30<\/time>/,
    );
  });
});

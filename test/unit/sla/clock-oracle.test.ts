/**
 * The engine against a brute-force oracle (test/unit/sla/oracle.ts) on random calendars, holidays,
 * DST weeks, pauses and reopens: 100 scenarios × 10 tickets × 2 metrics.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileSla, evaluateTicket } from '../../../src/domain/sla/engine.js';
import type { HolidayProvider } from '../../../src/domain/sla/holidays.js';
import type { SlaDefinition } from '../../../src/domain/sla/definition.js';
import type { SlaEvent } from '../../../src/domain/sla/types.js';
import { OracleWindow, evaluateWithOracle } from './oracle.js';
import type { OracleCalendar } from './oracle.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const WINDOW_DAYS = 16;
const STATUSES = ['New', 'In Progress', 'Waiting on Customer', 'Pending Vendor', 'Resolved', 'Closed'];
const DAY_NAMES_SUNDAY_FIRST = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Zones with their DST (or holiday) weeks; the window is placed around one of these dates. */
const ZONE_WEEKS: Array<[string, string]> = [
  ['Europe/London', '2025-03-30'],
  ['Europe/London', '2025-10-26'],
  ['Europe/London', '2025-12-25'],
  ['Asia/Jerusalem', '2025-03-28'],
  ['Asia/Jerusalem', '2025-10-26'],
  ['Europe/Moscow', '2026-01-01'],
  ['America/New_York', '2025-03-09'],
  ['America/New_York', '2025-11-02'],
  ['Australia/Sydney', '2025-04-06'],
  ['Australia/Lord_Howe', '2025-10-05'],
  ['America/St_Johns', '2025-11-02'],
  ['Asia/Kolkata', '2025-08-15'],
  ['UTC', '2025-07-01'],
];

const dayRanges = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Array<[number, number]>>([]) },
  { weight: 2, arbitrary: fc.constant<Array<[number, number]>>([[540, 1080]]) },
  {
    weight: 5,
    arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }).map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const ranges: Array<[number, number]> = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([sorted[i]! * 15, sorted[i + 1]! * 15]);
      return ranges;
    }),
  },
);

const scenario = fc.record({
  zoneWeek: fc.constantFrom(...ZONE_WEEKS),
  shiftDays: fc.integer({ min: 0, max: 4 }),
  hours: fc.oneof(
    { weight: 1, arbitrary: fc.constant('24x7' as const) },
    { weight: 6, arbitrary: fc.array(dayRanges, { minLength: 7, maxLength: 7 }).filter((days) => days.some((d) => d.length > 0)) },
  ),
  holidays: fc.array(fc.record({ day: fc.integer({ min: 0, max: WINDOW_DAYS - 1 }), startHour: fc.constantFrom(0, 3, 15, 16, 21, 22), hours: fc.constantFrom(10, 24, 30, 48, 72) }), { maxLength: 3 }),
  extraDays: fc.array(fc.integer({ min: 0, max: WINDOW_DAYS - 1 }), { maxLength: 2 }),
  atRisk: fc.oneof(fc.record({ remainingPercent: fc.integer({ min: 1, max: 99 }) }), fc.record({ remainingMinutes: fc.integer({ min: 1, max: 300 }) })),
  targets: fc.record({ first_response: fc.integer({ min: 1, max: 900 }), resolution: fc.integer({ min: 30, max: 2400 }) }),
  tickets: fc.array(
    fc.record({
      createdMinute: fc.integer({ min: 1440, max: 1440 * 5 }),
      nowAfterMinutes: fc.integer({ min: 0, max: 1440 * 4 }),
      events: fc.array(fc.record({ offsetMinutes: fc.integer({ min: -120, max: 1440 * 4 }), kind: fc.constantFrom('agentReply', ...STATUSES, 'In Progress', 'Resolved') }), { maxLength: 8 }),
    }),
    { minLength: 10, maxLength: 10 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function toHoursSpec(hours: Scenario['hours']): SlaDefinition['calendars'][string]['hours'] {
  if (hours === '24x7') return '24x7';
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const spec: Record<string, string | string[]> = {};
  // Runs of identical days become ranges such as "mon-fri", so the day-range syntax is exercised too.
  for (let day = 0; day < 7;) {
    let end = day;
    while (end + 1 < 7 && JSON.stringify(hours[end + 1]) === JSON.stringify(hours[day])) end++;
    const ranges = hours[day]!.map(([from, to]) => `${hhmm(from)}-${hhmm(to)}`);
    if (ranges.length > 0) {
      const key = end === day ? DAY_NAMES_SUNDAY_FIRST[day]! : `${DAY_NAMES_SUNDAY_FIRST[day]}-${DAY_NAMES_SUNDAY_FIRST[end]}`;
      spec[key] = ranges.length === 1 ? ranges[0]! : ranges;
    }
    day = end + 1;
  }
  return spec;
}

describe('SLA clock vs brute-force oracle (property)', function () {
  this.timeout(120_000);

  it('agrees with the minute-by-minute oracle on 1,000 random tickets', () => {
    let comparedTickets = 0;
    const states = new Map<string, number>();
    fc.assert(
      fc.property(scenario, (s) => {
        const [timezone, baseDate] = s.zoneWeek;
        const windowStartMs = Date.parse(`${baseDate}T00:00:00Z`) - (2 + s.shiftDays) * DAY;
        const holidays = s.holidays.map((h): [number, number] => {
          const startMs = windowStartMs + h.day * DAY + h.startHour * 60 * MINUTE;
          return [startMs, startMs + h.hours * 60 * MINUTE];
        });
        const extraDates = s.extraDays.map((d) => new Date(windowStartMs + d * DAY).toISOString().slice(0, 10));
        const provider: HolidayProvider = { listPublicHolidays: () => holidays.map(([startMs, endMs]) => ({ name: 'h', startMs, endMs })) };
        const definition: SlaDefinition = {
          calendars: { C: { timezone, hours: toHoursSpec(s.hours), holidays: { country: 'ZZ' }, extraHolidays: extraDates } },
          pauseStatuses: ['Waiting on Customer', 'Pending Vendor'],
          resolvedStatuses: ['Resolved', 'Closed'],
          atRisk: s.atRisk,
          policies: [{ name: 'all', calendar: 'C', targets: { first_response: `${s.targets.first_response}m`, resolution: `${s.targets.resolution}m` } }],
        };
        const sla = compileSla(definition, provider);
        const oracleCalendar: OracleCalendar = {
          timezone,
          rangesBySundayFirstWeekday: s.hours === '24x7' ? Array.from({ length: 7 }, () => [[0, 1440]]) : s.hours,
          holidays,
          extraDates,
        };
        const window = new OracleWindow(windowStartMs, WINDOW_DAYS * 1440, oracleCalendar);
        const rules = {
          pause: definition.pauseStatuses,
          resolved: definition.resolvedStatuses,
          atRiskMinutes: (target: number) => ('remainingPercent' in s.atRisk ? (target * s.atRisk.remainingPercent) / 100 : s.atRisk.remainingMinutes),
        };

        s.tickets.forEach((t, index) => {
          const createdAtMs = windowStartMs + t.createdMinute * MINUTE;
          const nowMs = createdAtMs + t.nowAfterMinutes * MINUTE;
          const events: SlaEvent[] = t.events.map((e) =>
            e.kind === 'agentReply' ? { atMs: createdAtMs + e.offsetMinutes * MINUTE, type: 'agentReply' } : { atMs: createdAtMs + e.offsetMinutes * MINUTE, type: 'status', value: e.kind },
          );
          const result = evaluateTicket(sla, { id: `T${index}`, createdAtMs, priority: 'P2', tier: 'x', region: 'x', events }, nowMs);
          for (const clock of result.metrics) {
            const expected = evaluateWithOracle(window, { createdAtMs, events }, nowMs, clock.metric, s.targets[clock.metric], rules);
            const actual = {
              elapsedMinutes: clock.elapsedMs / MINUTE,
              pausedMinutes: clock.pausedMs / MINUTE,
              state: clock.state,
              breachedAtMs: clock.breachedAtMs,
              stoppedAtMs: clock.stoppedAtMs,
              dueAtMs: expected.dueAtMs === undefined ? undefined : clock.dueAtMs,
            };
            assert.deepEqual(actual, expected, `ticket T${index} ${clock.metric}`);
            states.set(clock.state, (states.get(clock.state) ?? 0) + 1);
          }
          comparedTickets++;
        });
      }),
      { numRuns: 100 },
    );
    assert.ok(comparedTickets >= 1000, `compared ${comparedTickets} tickets`);
    // The generator must reach every state, or the comparison proves less than it claims.
    for (const state of ['met', 'breached', 'running', 'paused', 'at_risk']) assert.ok((states.get(state) ?? 0) > 0, `no ${state} clock generated`);
  });
});

/** Durations, the hours syntax, policy matching and working-time arithmetic at its edges. */
import assert from 'node:assert/strict';
import { parseDurationMinutes, formatDurationMinutes } from '../../../src/domain/sla/duration.js';
import { parseWeeklyHours } from '../../../src/domain/sla/weekly-hours.js';
import { compilePolicyWhen, isPolicyShadowed, resolvePolicy } from '../../../src/domain/sla/policy.js';
import type { CompiledPolicy } from '../../../src/domain/sla/policy.js';
import { createWorkingTime } from '../../../src/domain/sla/working-time.js';
import type { BusinessCalendar } from '../../../src/domain/sla/calendar.js';
import { evaluateTicket } from '../../../src/domain/sla/engine.js';
import { givenSla, givenTicket } from './given.js';

const HOUR = 3_600_000;

function givenCalendar(partial: Partial<BusinessCalendar> & { hoursSpec?: Parameters<typeof parseWeeklyHours>[0] }): BusinessCalendar {
  const parsed = parseWeeklyHours(partial.hoursSpec ?? { 'mon-fri': '09:00-17:00' });
  assert.ok(parsed.ok);
  return { name: 'T', timezone: 'UTC', hours: parsed.hours, extraHolidays: [], ...partial };
}

function givenPolicy(name: string, when: Parameters<typeof compilePolicyWhen>[0], calendar = 'GB', fallbackCalendar?: string): CompiledPolicy {
  return { name, when: compilePolicyWhen(when), calendar, targetsMs: { resolution: HOUR }, ...(fallbackCalendar ? { fallbackCalendar } : {}) };
}

describe('SLA durations and hours syntax', () => {
  it('reads hours and minutes and writes them back', () => {
    assert.deepEqual(
      ['15m', '4h', '1h30m', '90m'].map((t) => parseDurationMinutes(t)),
      [
        { ok: true, minutes: 15 },
        { ok: true, minutes: 240 },
        { ok: true, minutes: 90 },
        { ok: true, minutes: 90 },
      ],
    );
    assert.deepEqual([15, 240, 90].map(formatDurationMinutes), ['15m', '4h', '1h30m']);
    for (const bad of ['1d', '2 days', '1w', 'h', '', '1.5h', '30s']) assert.equal(parseDurationMinutes(bad).ok, false, bad);
  });

  it('expands weekday ranges, including ones that wrap past Sunday, and several ranges a day', () => {
    const parsed = parseWeeklyHours({ 'sun-wed': '09:00-18:00', thu: ['14:00-16:00', '09:00-13:00'], 'fri-sat': '10:00-24:00' });
    assert.ok(parsed.ok && parsed.hours.kind === 'weekly');
    const days = parsed.hours.byIsoWeekday.map((ranges) => ranges.map((r) => [r.startMinute, r.endMinute]));
    assert.deepEqual(days, [
      [[540, 1080]],
      [[540, 1080]],
      [[540, 1080]],
      [
        [540, 780],
        [840, 960],
      ],
      [[600, 1440]],
      [[600, 1440]],
      [[540, 1080]],
    ]);
  });

  it('refuses a calendar with no working hours at all', () => {
    const parsed = parseWeeklyHours({ mon: [] });
    assert.equal(parsed.ok, false);
  });
});

describe('SLA policy selection', () => {
  const policies = [
    givenPolicy('p1', { priority: 'P1' }, 'always'),
    givenPolicy('corporate', { tier: ['Corporate', 'VIP'] }, 'region', 'GB'),
    givenPolicy('strict-region', { tier: 'Private' }, 'region'),
  ];
  const calendars = new Set(['GB', 'IL', 'always']);

  it('takes the first match, case-insensitively, and picks the calendar by region with a fallback', () => {
    const pick = (priority: string, tier: string, region: string) => {
      const r = resolvePolicy(policies, calendars, { priority, tier, region });
      return r.kind === 'matched' ? `${r.policy.name}@${r.calendarName}` : r.kind;
    };
    assert.equal(pick('p1', 'corporate', 'IL'), 'p1@always');
    assert.equal(pick('P2', 'corporate', 'IL'), 'corporate@IL');
    assert.equal(pick('P2', 'VIP', 'FR'), 'corporate@GB');
    assert.equal(pick('P2', 'Private', 'FR'), 'unknown-region');
    assert.equal(pick('P2', 'Partner', 'GB'), 'unmatched');
  });

  it('knows when an earlier policy shadows a later one', () => {
    assert.equal(isPolicyShadowed(givenPolicy('a', undefined), givenPolicy('b', { tier: 'VIP' })), true);
    assert.equal(isPolicyShadowed(givenPolicy('a', { priority: ['P1', 'P2'] }), givenPolicy('b', { priority: 'p2', tier: 'VIP' })), true);
    assert.equal(isPolicyShadowed(givenPolicy('a', { priority: 'P1' }), givenPolicy('b', { priority: ['P1', 'P2'] })), false);
    assert.equal(isPolicyShadowed(givenPolicy('a', { tier: 'VIP' }), givenPolicy('b', undefined)), false);
  });
});

describe('SLA working-time arithmetic', () => {
  it('counts across a year boundary and an extra holiday', () => {
    const time = createWorkingTime(givenCalendar({ extraHolidays: ['2026-01-02'] }), undefined);
    // Wed 31 Dec 2025 16:00 UTC to Mon 5 Jan 2026 10:00: 1 h + 8 h (Thu 1 Jan) + 1 h; Fri 2 Jan is off.
    const from = Date.UTC(2025, 11, 31, 16);
    const to = Date.UTC(2026, 0, 5, 10);
    assert.equal(time.getWorkingMsBetween(from, to), 10 * HOUR);
    assert.equal(time.addWorkingMs(from, 10 * HOUR), to);
    // Reaching the target exactly at closing time gives the closing instant, not the next opening.
    assert.equal(time.addWorkingMs(from, 1 * HOUR), Date.UTC(2025, 11, 31, 17));
    assert.equal(time.getWorkingMsBetween(to, from), 0);
  });

  it('answers queries far apart in time after caching nearer years', () => {
    const time = createWorkingTime(givenCalendar({}), undefined);
    assert.equal(time.getWorkingMsBetween(Date.UTC(2030, 0, 7, 9), Date.UTC(2030, 0, 7, 12)), 3 * HOUR);
    assert.equal(time.getWorkingMsBetween(Date.UTC(2020, 0, 6, 9), Date.UTC(2020, 0, 6, 10)), HOUR);
    assert.equal(time.addWorkingMs(Date.UTC(2024, 11, 31, 16), 2 * HOUR), Date.UTC(2025, 0, 1, 10));
  });

  it('gives Infinity when no working time is left within ten years', () => {
    const days = Array.from({ length: 12 * 366 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 24 * HOUR).toISOString().slice(0, 10));
    const time = createWorkingTime(givenCalendar({ extraHolidays: days }), undefined);
    assert.equal(time.addWorkingMs(Date.UTC(2025, 0, 1), HOUR), Infinity);
  });

  it('uses plain subtraction on a 24x7 calendar without holidays', () => {
    const time = createWorkingTime(givenCalendar({ hoursSpec: '24x7' }), undefined);
    assert.equal(time.getWorkingMsBetween(0, 5 * HOUR), 5 * HOUR);
    assert.equal(time.addWorkingMs(HOUR, 2 * HOUR), 3 * HOUR);
  });
});

describe('SLA clock before creation', () => {
  it('treats a clock evaluated before its ticket exists as not started', () => {
    const sla = givenSla({ calendar: 'always', firstResponse: '1h' });
    const [clock] = evaluateTicket(sla, givenTicket({ createdAt: '2025-06-02T08:00:00Z' }), Date.parse('2025-06-01T00:00:00Z')).metrics;
    assert.deepEqual([clock!.state, clock!.elapsedMs, new Date(clock!.dueAtMs!).toISOString()], ['running', 0, '2025-06-02T09:00:00.000Z']);
  });
});

/** The ticket page's explanation of a clock: the engine's own stretches spread over calendar days. */
import assert from 'node:assert/strict';
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import { evaluateTicket } from '../../../src/domain/sla/engine.js';
import { explainTicket } from '../../../src/domain/sla/explain.js';
import { givenSla, givenTicket } from './given.js';

const HOUR_MS = 3_600_000;

describe('SLA explanation (days, hours and holidays counted)', () => {
  const sla = givenSla({ calendar: 'GB', firstResponse: '4h', resolution: '24h' });
  // Thursday 24 Dec 2026 10:00 London; Christmas Friday, a weekend, Boxing Day observed on Monday 28th.
  const ticket = givenTicket({
    createdAt: '2026-12-24T10:00:00Z',
    events: [
      ['2026-12-29T10:00:00Z', 'Waiting on Customer'],
      ['2026-12-29T11:00:00Z', 'Working'],
    ],
  });
  const nowMs = Date.parse('2026-12-30T12:00:00Z');
  const explained = explainTicket(sla, ticket, nowMs, createDateHolidaysProvider());
  const resolution = explained.clocks.find((c) => c.result.metric === 'resolution')!;
  const day = (date: string) => resolution.days.find((d) => d.date === date);

  it('evaluates as the engine does', () => {
    assert.deepEqual(explained.evaluation, evaluateTicket(sla, ticket, nowMs));
  });

  it('adds up, day by day, to the counted and paused time of the clock', () => {
    const counted = resolution.days.reduce((sum, d) => sum + d.countedMs, 0);
    const paused = resolution.days.reduce((sum, d) => sum + d.pausedMs, 0);
    assert.equal(counted, resolution.result.elapsedMs);
    assert.equal(paused, resolution.result.pausedMs);
    assert.equal(paused, HOUR_MS);
  });

  it('names the working hours of each day, the holidays and the days off', () => {
    assert.deepEqual(day('2026-12-24'), { date: '2026-12-24', hours: '09:00-17:30', countedMs: 7.5 * HOUR_MS, pausedMs: 0 });
    assert.equal(day('2026-12-25')?.holiday, 'Christmas Day');
    assert.equal(day('2026-12-25')?.countedMs, 0);
    assert.equal(day('2026-12-26')?.hours, '', 'Saturday is not a working day');
    assert.match(day('2026-12-28')?.holiday ?? '', /Boxing Day/);
    assert.deepEqual(day('2026-12-29'), { date: '2026-12-29', hours: '09:00-17:30', countedMs: 7.5 * HOUR_MS, pausedMs: HOUR_MS });
    assert.equal(day('2026-12-30')?.countedMs, 3 * HOUR_MS);
  });

  it('lists no days after the first response stopped its clock', () => {
    const replied = givenTicket({ createdAt: '2026-12-22T10:00:00Z', events: [['2026-12-22T11:30:00Z', 'reply']] });
    const first = explainTicket(sla, replied, nowMs).clocks.find((c) => c.result.metric === 'first_response')!;
    assert.deepEqual(
      first.days.map((d) => [d.date, d.countedMs]),
      [['2026-12-22', 1.5 * HOUR_MS]],
    );
  });
});

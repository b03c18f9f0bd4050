/** The named cases of the SLA issue, on the real calendars with date-holidays data. */
import assert from 'node:assert/strict';
import { evaluateTicket } from '../../../src/domain/sla/engine.js';
import type { SlaMetric } from '../../../src/domain/sla/types.js';
import { givenSla, givenTicket, iso, minutes } from './given.js';

function evaluate(sla: ReturnType<typeof givenSla>, ticket: ReturnType<typeof givenTicket>, now: string, metric: SlaMetric) {
  const clock = evaluateTicket(sla, ticket, Date.parse(now)).metrics.find((m) => m.metric === metric);
  assert.ok(clock, `no ${metric} clock`);
  return { state: clock.state, elapsed: minutes(clock.elapsedMs), paused: minutes(clock.pausedMs), dueAt: iso(clock.dueAtMs), breachedAt: iso(clock.breachedAtMs), stoppedAt: iso(clock.stoppedAtMs) };
}

describe('SLA named cases', () => {
  it('Israel: opened Thursday 17:30, the clock stops over Friday–Saturday and continues Sunday 09:00', () => {
    const sla = givenSla({ firstResponse: '1h' });
    // 2025-11-20 is a Thursday; Israel is at UTC+2 in November.
    const ticket = givenTicket({ region: 'IL', createdAt: '2025-11-20T15:30:00Z' });
    const friday = evaluate(sla, ticket, '2025-11-21T10:00:00Z', 'first_response');
    assert.deepEqual([friday.state, friday.elapsed, friday.dueAt], ['running', 30, '2025-11-23T07:30:00.000Z']);
    const sunday = evaluate(sla, ticket, '2025-11-23T07:20:00Z', 'first_response');
    assert.deepEqual([sunday.state, sunday.elapsed], ['at_risk', 50]);
    const late = evaluate(sla, ticket, '2025-11-23T08:00:00Z', 'first_response');
    assert.deepEqual([late.state, late.breachedAt, late.elapsed], ['breached', '2025-11-23T07:30:00.000Z', 90]);
  });

  it('Israel: a holiday starting at sunset removes the next date, not its eve (Yom Kippur 2025)', () => {
    const sla = givenSla({ firstResponse: '1h' });
    // Wednesday 1 Oct 17:30 IDT: 30 minutes on the eve, 2 Oct is Yom Kippur, then Friday–Saturday.
    const ticket = givenTicket({ region: 'IL', createdAt: '2025-10-01T14:30:00Z' });
    const clock = evaluate(sla, ticket, '2025-10-03T12:00:00Z', 'first_response');
    assert.deepEqual([clock.elapsed, clock.dueAt], [30, '2025-10-05T06:30:00.000Z']);
  });

  it('London: Friday to Monday across the last Sunday of March follows the switch to BST', () => {
    const sla = givenSla({ firstResponse: '4h' });
    // Friday 28 Mar 16:00 GMT; Monday 31 Mar opens at 09:00 BST = 08:00Z.
    const ticket = givenTicket({ region: 'GB', createdAt: '2025-03-28T16:00:00Z' });
    const monday = evaluate(sla, ticket, '2025-03-31T08:30:00Z', 'first_response');
    assert.deepEqual([monday.elapsed, monday.dueAt], [120, '2025-03-31T10:30:00.000Z']);
  });

  it('London: the night of the DST switch is an hour shorter on a round-the-clock calendar', () => {
    const sla = givenSla({
      calendar: 'LDN',
      resolution: '24h',
      definition: { calendars: { LDN: { timezone: 'Europe/London', hours: { 'mon-sun': '00:00-24:00' } } } },
    });
    const ticket = givenTicket({ createdAt: '2025-03-30T00:00:00Z' });
    // Sunday 30 March 2025 lasts 23 hours in London: local midnight to midnight is 00:00Z to 23:00Z.
    const clock = evaluate(sla, ticket, '2025-03-30T23:00:00Z', 'resolution');
    assert.deepEqual([clock.elapsed, clock.dueAt], [23 * 60, '2025-03-31T00:00:00.000Z']);
  });

  it('England: Christmas Day and Boxing Day are holidays, then the weekend', () => {
    const sla = givenSla({ firstResponse: '2h' });
    const ticket = givenTicket({ region: 'GB', createdAt: '2025-12-24T16:00:00Z' });
    const saturday = evaluate(sla, ticket, '2025-12-27T12:00:00Z', 'first_response');
    assert.deepEqual([saturday.elapsed, saturday.dueAt], [90, '2025-12-29T09:30:00.000Z']);
  });

  it('Russia: the New Year holidays (1–8 January) stop the clock', () => {
    const sla = givenSla({ firstResponse: '1h' });
    // Wednesday 31 Dec 2025 17:30 MSK: 30 minutes, then Friday 9 January 09:00 MSK.
    const ticket = givenTicket({ region: 'RU', createdAt: '2025-12-31T14:30:00Z' });
    const clock = evaluate(sla, ticket, '2026-01-05T10:00:00Z', 'first_response');
    assert.deepEqual([clock.state, clock.elapsed, clock.dueAt], ['running', 30, '2026-01-09T06:30:00.000Z']);
  });

  it('paused twice and reopened: pauses do not count, resolution time accumulates across the reopen', () => {
    const sla = givenSla({ firstResponse: '1h', resolution: '4h' });
    // Monday 2 June 2025 on the GB calendar (BST, UTC+1); times below are UTC.
    const ticket = givenTicket({
      region: 'GB',
      createdAt: '2025-06-02T08:00:00Z',
      events: [
        ['2025-06-02T15:30:00Z', 'Closed'],
        ['2025-06-02T08:20:00Z', 'reply'],
        ['2025-06-02T09:00:00Z', 'Waiting on Customer'],
        ['2025-06-02T10:00:00Z', 'In Progress'],
        ['2025-06-02T11:00:00Z', 'Pending Vendor'],
        ['2025-06-02T12:00:00Z', 'In Progress'],
        ['2025-06-02T13:00:00Z', 'Resolved'],
        ['2025-06-02T14:00:00Z', 'In Progress'],
      ],
    });
    const firstResponse = evaluate(sla, ticket, '2025-06-03T12:00:00Z', 'first_response');
    assert.deepEqual([firstResponse.state, firstResponse.elapsed, firstResponse.stoppedAt], ['met', 20, '2025-06-02T08:20:00.000Z']);
    const resolution = evaluate(sla, ticket, '2025-06-03T12:00:00Z', 'resolution');
    assert.deepEqual(resolution, {
      state: 'breached',
      elapsed: 270,
      paused: 120,
      dueAt: null,
      breachedAt: '2025-06-02T15:00:00.000Z',
      stoppedAt: '2025-06-02T15:30:00.000Z',
    });
  });
});

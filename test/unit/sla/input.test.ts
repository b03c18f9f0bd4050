/** `sla compute` input validation: each problem names the ticket (index and id) and the field. */
import assert from 'node:assert/strict';
import { computeSla } from '../../../src/domain/sla/compute.js';
import { parseInstantMs, parseSlaComputeInput } from '../../../src/domain/sla/input.js';
import { InvalidInputError } from '../../../src/errors.js';
import { givenSla } from './given.js';

function givenDocument(tickets: unknown[]): unknown {
  return { now: '2025-06-02T12:00:00Z', tickets };
}

function givenRawTicket(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'C-1', createdAt: '2025-06-02T08:00:00Z', priority: 'P2', tier: 'Corporate', region: 'GB', events: [], ...overrides };
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected an error');
}

describe('SLA compute input', () => {
  it('parses instants only with a zone designator', () => {
    assert.equal(parseInstantMs('2025-06-02T08:00:00Z'), Date.UTC(2025, 5, 2, 8));
    assert.equal(parseInstantMs('2025-06-02T11:00:00+03:00'), Date.UTC(2025, 5, 2, 8));
    assert.ok(Number.isNaN(parseInstantMs('2025-06-02T08:00:00')));
    assert.ok(Number.isNaN(parseInstantMs('2025-02-30T08:00:00Z')));
    assert.ok(Number.isNaN(parseInstantMs('yesterday')));
  });

  it('names the ticket index, id and field of a bad createdAt', () => {
    const tickets = [givenRawTicket({ id: 'A' }), givenRawTicket({ id: 'B' }), givenRawTicket({ id: 'C' }), givenRawTicket({ id: 'C-17', createdAt: '17/03/2025' })];
    const message = messageOf(() => parseSlaComputeInput(givenDocument(tickets)));
    assert.match(message, /^invalid SLA input:\ntickets\[3\] \(id "C-17"\)\.createdAt: not an ISO-8601 instant with a zone \(Z or ±HH:MM\): "17\/03\/2025"$/);
  });

  it('lists every problem: events, types, unknown fields, duplicates, missing fields', () => {
    const tickets = [
      givenRawTicket({
        id: 'X',
        events: [
          { at: '2025-06-02T09:00:00Z', type: 'status' },
          { at: 'soon', type: 'agentReply' },
          { at: '2025-06-02T09:00:00Z', type: 'comment' },
        ],
      }),
      givenRawTicket({ id: 'X', Tier: 'VIP' }),
      givenRawTicket({ id: 'Y', priority: 2 }),
      { createdAt: '2025-06-02T08:00:00Z' },
    ];
    const lines = messageOf(() => parseSlaComputeInput(givenDocument(tickets)))
      .split('\n')
      .slice(1);
    assert.deepEqual(lines, [
      'tickets[0] (id "X").events[0].value: a status event needs the status name as a non-empty string',
      'tickets[0] (id "X").events[1].at: not an ISO-8601 instant with a zone (Z or ±HH:MM): "soon"',
      'tickets[0] (id "X").events[2].type: expected "status" or "agentReply", got "comment"',
      'tickets[1] (id "X").Tier: unknown field',
      'tickets[1] (id "X").id: duplicate of tickets[0]',
      'tickets[2] (id "Y").priority: expected a string, got 2',
      'tickets[3].id: expected a non-empty string',
      'tickets[3].priority: expected a string, got nothing',
      'tickets[3].tier: expected a string, got nothing',
      'tickets[3].region: expected a string, got nothing',
    ]);
  });

  it('requires now and tickets', () => {
    const message = messageOf(() => parseSlaComputeInput({ tickets: {} }));
    assert.deepEqual(message.split('\n').slice(1), ['now: missing; expected an ISO-8601 instant such as 2025-03-30T09:15:00Z', 'tickets: expected an array of tickets']);
  });

  it('names a ticket whose region picks no calendar', () => {
    const sla = givenSla({ firstResponse: '1h' });
    const input = parseSlaComputeInput(givenDocument([givenRawTicket(), givenRawTicket({ id: 'FR-9', region: 'FR' })]));
    assert.match(
      messageOf(() => computeSla(sla, input)),
      /tickets\[1\] \(id "FR-9"\)\.region: "FR" is not a calendar name, and policy "test" picks the calendar by region/,
    );
  });

  it('accepts unsorted events and evaluates them in time order', () => {
    const sla = givenSla({ calendar: 'always', firstResponse: '1h', resolution: '8h' });
    const events = [
      { at: '2025-06-02T10:00:00Z', type: 'status', value: 'Resolved' },
      { at: '2025-06-02T09:00:00Z', type: 'status', value: 'Waiting on Customer' },
      { at: '2025-06-02T08:30:00Z', type: 'agentReply' },
    ];
    const output = computeSla(sla, parseSlaComputeInput(givenDocument([givenRawTicket({ events })])));
    const [firstResponse, resolution] = output.tickets[0]!.metrics;
    assert.deepEqual([firstResponse!.elapsedMinutes, firstResponse!.stoppedAt], [30, '2025-06-02T08:30:00.000Z']);
    assert.deepEqual([resolution!.elapsedMinutes, resolution!.pausedMinutes, resolution!.state], [60, 60, 'met']);
  });
});

/** Change detection for write-back and notifications, and the next scan instant. */
import assert from 'node:assert/strict';
import { diffClocks, getNextStateChangeMs } from '../../../src/domain/sla/changes.js';
import { evaluateTicket } from '../../../src/domain/sla/engine.js';
import { givenSla, givenTicket } from './given.js';

describe('SLA changes and next scan', () => {
  const sla = givenSla({ calendar: 'always', firstResponse: '1h', resolution: '10h' });
  const ticket = givenTicket({ createdAt: '2025-06-02T08:00:00Z' });
  const at = (iso: string) => evaluateTicket(sla, ticket, Date.parse(iso)).metrics;

  it('reports new clocks, then only real changes, and notifies on entering at_risk and breached', () => {
    const first = at('2025-06-02T08:10:00Z');
    const initial = diffClocks([], first);
    assert.deepEqual(
      initial.map((c) => [c.metric, c.current.state, c.notify]),
      [
        ['first_response', 'running', null],
        ['resolution', 'running', null],
      ],
    );
    const stored = initial.map((c) => c.current);
    assert.deepEqual(diffClocks(stored, at('2025-06-02T08:20:00Z')), []);
    const risky = diffClocks(stored, at('2025-06-02T08:50:00Z'));
    assert.deepEqual(
      risky.map((c) => [c.metric, c.current.state, c.notify]),
      [['first_response', 'at_risk', 'at_risk']],
    );
    const storedAtRisk = diffClocks([], at('2025-06-02T08:50:00Z')).map((c) => c.current);
    const breached = diffClocks(storedAtRisk, at('2025-06-02T09:30:00Z'));
    assert.deepEqual(
      breached.map((c) => [c.current.state, c.notify, new Date(c.current.breachedAtMs!).toISOString()]),
      [['breached', 'breached', '2025-06-02T09:00:00.000Z']],
    );
  });

  it('tells the scanner when the next state change is due without events', () => {
    // 20 % of 1 h: at risk from 08:48; resolution (10 h) turns at risk at 16:00.
    assert.equal(new Date(getNextStateChangeMs(at('2025-06-02T08:10:00Z'))!).toISOString(), '2025-06-02T08:48:00.000Z');
    assert.equal(new Date(getNextStateChangeMs(at('2025-06-02T08:50:00Z'))!).toISOString(), '2025-06-02T09:00:00.000Z');
    assert.equal(new Date(getNextStateChangeMs(at('2025-06-02T09:30:00Z'))!).toISOString(), '2025-06-02T16:00:00.000Z');
  });
});

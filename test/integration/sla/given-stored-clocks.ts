/**
 * SLA clocks as the SLA runtime would have stored them (a ticket and one resolution clock each),
 * for the breach report suites, which build reports from the store: `givenStoredClocks` also
 * answers the same clocks as report rows, for comparing with the domain's own aggregation.
 */
import type { Database } from '../../../src/adapters/store/database.js';
import type { SlaReportRow } from '../../../src/domain/sla/report.js';
import type { SlaState } from '../../../src/domain/sla/types.js';

export const HOUR_MS = 3_600_000;
export const T0 = Date.parse('2026-11-02T00:00:00Z');

export interface GivenClock {
  id: string;
  priority: string;
  region: string;
  tier?: string;
  topic?: string;
  state: SlaState;
  createdMs: number;
  breachedMs?: number;
  stoppedMs?: number;
}

/** Stores tickets with one resolution clock each, as the SLA runtime would have. */
export async function givenStoredClocks(db: Database, clocks: readonly GivenClock[]): Promise<SlaReportRow[]> {
  await db.knex('tickets').insert(
    clocks.map((c) => ({
      case_id: c.id,
      case_number: c.id,
      created_at: new Date(c.createdMs),
      priority: c.priority,
      tier: c.tier ?? 'Private',
      region: c.region,
      topic: c.topic ?? null,
      status: 'Working',
    })),
  );
  await db.knex('sla_results').insert(
    clocks.map((c) => ({
      case_id: c.id,
      metric: 'resolution',
      policy: 'p',
      calendar: 'always',
      target_minutes: 240,
      elapsed_minutes: 300,
      paused_minutes: 0,
      state: c.state,
      due_at: c.breachedMs ? new Date(c.breachedMs) : null,
      breached_at: c.breachedMs ? new Date(c.breachedMs) : null,
      stopped_at: c.stoppedMs ? new Date(c.stoppedMs) : null,
      computed_at: new Date(T0),
    })),
  );
  return clocks.map((c) => ({
    ticketId: c.id,
    priority: c.priority,
    tier: c.tier ?? 'Private',
    region: c.region,
    topic: c.topic ?? null,
    policy: 'p',
    calendar: 'always',
    metric: 'resolution',
    state: c.state,
    targetMinutes: 240,
    elapsedMinutes: 300,
    dueAtMs: c.breachedMs ?? null,
    breachedAtMs: c.breachedMs ?? null,
    stoppedAtMs: c.stoppedMs ?? null,
  }));
}

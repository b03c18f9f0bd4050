/** Test-data builders for SLA tests: the example calendars with real date-holidays data, and tickets. */
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import type { SlaDefinition } from '../../../src/domain/sla/definition.js';
import { compileSla } from '../../../src/domain/sla/engine.js';
import type { CompiledSla } from '../../../src/domain/sla/engine.js';
import type { SlaEvent, SlaTicket } from '../../../src/domain/sla/types.js';

export const CALENDARS: SlaDefinition['calendars'] = {
  IL: { timezone: 'Asia/Jerusalem', hours: { 'sun-thu': '09:00-18:00' }, holidays: { country: 'IL' } },
  GB: { timezone: 'Europe/London', hours: { 'mon-fri': '09:00-17:30' }, holidays: { country: 'GB', region: 'ENG' } },
  RU: { timezone: 'Europe/Moscow', hours: { 'mon-fri': '09:00-18:00' }, holidays: { country: 'RU' } },
  always: { timezone: 'UTC', hours: '24x7' },
};

/** One catch-all policy on `calendar` (a name or `region`) with the given targets. */
export function givenSla(options: { calendar?: string; firstResponse?: string; resolution?: string; definition?: Partial<SlaDefinition> } = {}): CompiledSla {
  const targets: Record<string, string> = {};
  if (options.firstResponse) targets.first_response = options.firstResponse;
  if (options.resolution) targets.resolution = options.resolution;
  if (!options.firstResponse && !options.resolution) Object.assign(targets, { first_response: '1h', resolution: '8h' });
  const definition: SlaDefinition = {
    calendars: CALENDARS,
    pauseStatuses: ['Waiting on Customer', 'Pending Vendor'],
    resolvedStatuses: ['Resolved', 'Closed'],
    atRisk: { remainingPercent: 20 },
    policies: [{ name: 'test', calendar: options.calendar ?? 'region', targets }],
    ...options.definition,
  };
  return compileSla(definition, createDateHolidaysProvider());
}

/** A ticket; `events` take ISO instants. */
export function givenTicket(partial: { createdAt: string; region?: string; priority?: string; tier?: string; id?: string; events?: Array<[string, string]> }): SlaTicket {
  return {
    id: partial.id ?? 'C-1',
    createdAtMs: Date.parse(partial.createdAt),
    priority: partial.priority ?? 'P2',
    tier: partial.tier ?? 'Corporate',
    region: partial.region ?? 'GB',
    events: (partial.events ?? []).map(([at, what]): SlaEvent => (what === 'reply' ? { atMs: Date.parse(at), type: 'agentReply' } : { atMs: Date.parse(at), type: 'status', value: what })),
  };
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const minutes = (ms: number): number => ms / 60_000;

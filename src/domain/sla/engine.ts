/**
 * The SLA engine: settings compiled once (calendars with their cached working-time indexes,
 * policies, status rules), then evaluated per ticket. Everything here is pure: the holiday data
 * arrives through the injected provider, and "now" is a parameter.
 */
import { InvalidInputError } from '../../errors.js';
import type { BusinessCalendar } from './calendar.js';
import { evaluateClock, sortEvents } from './clock.js';
import type { SlaDefinition } from './definition.js';
import { DEFAULT_AT_RISK } from './definition.js';
import { parseDurationMinutes } from './duration.js';
import type { HolidayProvider } from './holidays.js';
import type { CompiledPolicy } from './policy.js';
import { compilePolicyWhen, resolvePolicy } from './policy.js';
import type { StretchListener } from './clock.js';
import type { AtRiskRule, ClockResult, SlaMetric, SlaTicket, StatusRules } from './types.js';
import { SLA_METRICS } from './types.js';
import { parseWeeklyHours } from './weekly-hours.js';
import type { WorkingTime } from './working-time.js';
import { createWorkingTime } from './working-time.js';

/** Compiled SLA settings; build once per config with {@link compileSla} and reuse (it caches calendar intervals). */
export interface CompiledSla {
  calendars: ReadonlyMap<string, { calendar: BusinessCalendar; workingTime: WorkingTime }>;
  calendarNames: ReadonlySet<string>;
  policies: readonly CompiledPolicy[];
  statusRules: StatusRules;
  atRisk: AtRiskRule;
}

/** The evaluation of one ticket: the policy and calendar chosen and one result per targeted metric. */
export interface SlaTicketResult {
  ticketId: string;
  /** Null when no policy matches the ticket (then `metrics` is empty). */
  policy: string | null;
  calendar: string | null;
  metrics: ClockResult[];
}

const MINUTE_MS = 60_000;

/**
 * Builds the engine from validated settings. Throws InvalidInputError if the settings are not
 * valid (they should have passed `checkSla` already).
 */
export function compileSla(definition: SlaDefinition, holidays: HolidayProvider | undefined): CompiledSla {
  const calendars = new Map<string, { calendar: BusinessCalendar; workingTime: WorkingTime }>();
  for (const [name, spec] of Object.entries(definition.calendars)) {
    const hours = parseWeeklyHours(spec.hours);
    if (!hours.ok) throw new InvalidInputError(`calendars.${name}.hours: ${hours.issues[0]!.message}`);
    const calendar: BusinessCalendar = {
      name,
      timezone: spec.timezone,
      hours: hours.hours,
      extraHolidays: spec.extraHolidays ?? [],
      ...(spec.holidays ? { holidays: spec.holidays } : {}),
    };
    calendars.set(name, { calendar, workingTime: createWorkingTime(calendar, holidays) });
  }
  const policies = definition.policies.map((policy): CompiledPolicy => {
    const targetsMs: Partial<Record<SlaMetric, number>> = {};
    for (const metric of SLA_METRICS) {
      const text = policy.targets[metric];
      if (text === undefined) continue;
      const parsed = parseDurationMinutes(text);
      if (!parsed.ok) throw new InvalidInputError(`policy "${policy.name}" targets.${metric}: ${parsed.message}`);
      targetsMs[metric] = parsed.minutes * MINUTE_MS;
    }
    return {
      name: policy.name,
      when: compilePolicyWhen(policy.when),
      calendar: policy.calendar,
      targetsMs,
      ...(policy.fallbackCalendar ? { fallbackCalendar: policy.fallbackCalendar } : {}),
    };
  });
  return {
    calendars,
    calendarNames: new Set(calendars.keys()),
    policies,
    statusRules: { pauseStatuses: new Set(definition.pauseStatuses), resolvedStatuses: new Set(definition.resolvedStatuses) },
    atRisk: definition.atRisk ?? DEFAULT_AT_RISK,
  };
}

/** Which policy and calendar apply to a ticket (see `resolvePolicy`). */
export function resolveTicketPolicy(sla: CompiledSla, ticket: Pick<SlaTicket, 'priority' | 'tier' | 'region'>) {
  return resolvePolicy(sla.policies, sla.calendarNames, ticket);
}

/**
 * Evaluates every targeted metric of a ticket at `nowMs`. Throws InvalidInputError when the
 * matching policy picks the calendar by region and the ticket's region is not a calendar.
 * `onStretch`, when given, is told how each stretch between events counted, per metric.
 */
export function evaluateTicket(sla: CompiledSla, ticket: SlaTicket, nowMs: number, onStretch?: (metric: SlaMetric) => StretchListener): SlaTicketResult {
  const resolution = resolveTicketPolicy(sla, ticket);
  if (resolution.kind === 'unmatched') return { ticketId: ticket.id, policy: null, calendar: null, metrics: [] };
  if (resolution.kind === 'unknown-region') {
    throw new InvalidInputError(
      `ticket "${ticket.id}" region: "${ticket.region}" is not a calendar name, and policy "${resolution.policy.name}" picks the calendar by region without a fallbackCalendar`,
    );
  }
  const { policy, calendarName } = resolution;
  const entry = sla.calendars.get(calendarName);
  if (!entry) throw new InvalidInputError(`policy "${policy.name}" names unknown calendar "${calendarName}"`);
  const events = sortEvents(ticket.events);
  const metrics: ClockResult[] = [];
  for (const metric of SLA_METRICS) {
    const targetMs = policy.targetsMs[metric];
    if (targetMs === undefined) continue;
    metrics.push(
      evaluateClock({
        metric,
        targetMs,
        createdAtMs: ticket.createdAtMs,
        events,
        nowMs,
        statusRules: sla.statusRules,
        atRisk: sla.atRisk,
        workingTime: entry.workingTime,
        ...(onStretch ? { onStretch: onStretch(metric) } : {}),
      }),
    );
  }
  return { ticketId: ticket.id, policy: policy.name, calendar: calendarName, metrics };
}

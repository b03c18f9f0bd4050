/**
 * Policy selection: the first policy whose `when` matches the ticket wins; its calendar is a
 * named calendar or, with `calendar: region`, the one named by the ticket's region.
 */
import type { MatchValues, PolicyDefinition } from './definition.js';
import { REGION_CALENDAR } from './definition.js';
import type { SlaMetric, SlaTicket } from './types.js';

/** A policy with its match values normalised (lower case) and its targets in milliseconds. */
export interface CompiledPolicy {
  name: string;
  when: { priority?: readonly string[]; tier?: readonly string[]; region?: readonly string[] };
  calendar: string;
  fallbackCalendar?: string;
  targetsMs: Partial<Record<SlaMetric, number>>;
}

export type PolicyResolution = { kind: 'matched'; policy: CompiledPolicy; calendarName: string } | { kind: 'unmatched' } | { kind: 'unknown-region'; policy: CompiledPolicy };

/** Lower-cased list of alternatives; matching is case-insensitive so `Corporate` and `corporate` agree. */
export function normaliseMatchValues(values: MatchValues | undefined): readonly string[] | undefined {
  if (values === undefined) return undefined;
  return (Array.isArray(values) ? values : [values]).map((v) => v.toLowerCase());
}

export function compilePolicyWhen(when: PolicyDefinition['when']): CompiledPolicy['when'] {
  const out: { priority?: readonly string[]; tier?: readonly string[]; region?: readonly string[] } = {};
  const priority = normaliseMatchValues(when?.priority);
  const tier = normaliseMatchValues(when?.tier);
  const region = normaliseMatchValues(when?.region);
  if (priority) out.priority = priority;
  if (tier) out.tier = tier;
  if (region) out.region = region;
  return out;
}

export function isPolicyMatch(policy: Pick<CompiledPolicy, 'when'>, ticket: Pick<SlaTicket, 'priority' | 'tier' | 'region'>): boolean {
  const { priority, tier, region } = policy.when;
  return (!priority || priority.includes(ticket.priority.toLowerCase())) && (!tier || tier.includes(ticket.tier.toLowerCase())) && (!region || region.includes(ticket.region.toLowerCase()));
}

export function resolvePolicy(policies: readonly CompiledPolicy[], calendarNames: ReadonlySet<string>, ticket: Pick<SlaTicket, 'priority' | 'tier' | 'region'>): PolicyResolution {
  const policy = policies.find((p) => isPolicyMatch(p, ticket));
  if (!policy) return { kind: 'unmatched' };
  if (policy.calendar !== REGION_CALENDAR) return { kind: 'matched', policy, calendarName: policy.calendar };
  if (calendarNames.has(ticket.region)) return { kind: 'matched', policy, calendarName: ticket.region };
  if (policy.fallbackCalendar) return { kind: 'matched', policy, calendarName: policy.fallbackCalendar };
  return { kind: 'unknown-region', policy };
}

/**
 * True when every ticket `later` matches is matched by `earlier` too, so `later` can never win
 * (first match wins). A `when` key absent from `earlier` matches anything.
 */
export function isPolicyShadowed(earlier: Pick<CompiledPolicy, 'when'>, later: Pick<CompiledPolicy, 'when'>): boolean {
  return (['priority', 'tier', 'region'] as const).every((key) => {
    const broad = earlier.when[key];
    if (!broad) return true;
    const narrow = later.when[key];
    return narrow !== undefined && narrow.every((value) => broad.includes(value));
  });
}

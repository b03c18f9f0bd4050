/**
 * The SLA settings as the domain receives them: the shape of `sla.yaml` after validation
 * (`src/config/schemas/sla.ts` produces exactly this), with durations still in config notation.
 */
import type { HolidaySpec } from './holidays.js';
import type { AtRiskRule, SlaMetric } from './types.js';
import type { WeeklyHoursSpec } from './weekly-hours.js';

export interface CalendarDefinition {
  timezone: string;
  hours: WeeklyHoursSpec;
  holidays?: HolidaySpec;
  extraHolidays?: string[];
}

/** Values a `when` key accepts: one value or a list of alternatives. */
export type MatchValues = string | string[];

export interface PolicyDefinition {
  name: string;
  when?: { priority?: MatchValues; tier?: MatchValues; region?: MatchValues };
  /** A calendar name, or `region`: the ticket's region names the calendar. */
  calendar: string;
  /** With `calendar: region`: the calendar for tickets whose region is not a calendar name. */
  fallbackCalendar?: string;
  targets: Partial<Record<SlaMetric, string>>;
}

export interface SlaDefinition {
  calendars: Record<string, CalendarDefinition>;
  pauseStatuses: string[];
  resolvedStatuses: string[];
  atRisk?: AtRiskRule;
  policies: PolicyDefinition[];
}

/** The `calendar` value that picks the calendar from the ticket's region. */
export const REGION_CALENDAR = 'region';

/** Default at-risk rule when `atRisk` is not configured. */
export const DEFAULT_AT_RISK: AtRiskRule = { remainingPercent: 20 };

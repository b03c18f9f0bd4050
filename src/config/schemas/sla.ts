/**
 * `sla.yaml`: business calendars, which statuses pause or stop the clocks, the at-risk threshold,
 * and the policies that give each ticket its targets (first match wins). Cross-field checks are in
 * {@link checkSla}.
 */
import { z } from 'zod';
import { ianaTimeZone } from './time-zone.js';
import { dateHolidaysCatalog } from '../../adapters/holidays/date-holidays-provider.js';
import type { HolidayCatalog } from '../../adapters/holidays/date-holidays-provider.js';
import type { SlaDefinition } from '../../domain/sla/definition.js';
import { REGION_CALENDAR } from '../../domain/sla/definition.js';
import { parseDurationMinutes } from '../../domain/sla/duration.js';
import { compilePolicyWhen, isPolicyShadowed } from '../../domain/sla/policy.js';
import type { WeeklyHoursSpec } from '../../domain/sla/weekly-hours.js';
import { parseWeeklyHours } from '../../domain/sla/weekly-hours.js';
import type { ConfigIssue } from '../issues.js';

/** An SLA target: hours and/or minutes such as `15m`, `4h`, `1h30m` (working time on the policy's calendar). */
const duration = z
  .custom<string>(() => true)
  .superRefine((text, ctx) => {
    // A bare number (`15`) arrives from YAML as a number; say what unit is missing instead of "expected string".
    if (typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a duration; write hours and/or minutes such as "15m", "4h" or "1h30m"` });
      return;
    }
    const parsed = parseDurationMinutes(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });

/** `"24x7"`, or weekdays / weekday ranges → `"HH:MM-HH:MM"` or a list of them, in the calendar's local time. */
const hours = z
  .custom<WeeklyHoursSpec>(() => true)
  .superRefine((value, ctx) => {
    const isSpecShape =
      value === '24x7' ||
      (typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string'))));
    if (!isSpecShape) {
      ctx.addIssue({ code: 'custom', message: 'expected "24x7" or a mapping such as { sun-thu: "09:00-18:00", fri: ["09:00-13:00"] }' });
      return;
    }
    const parsed = parseWeeklyHours(value);
    if (!parsed.ok) for (const issue of parsed.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  });

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'not a real calendar date');

const calendar = z
  .object({
    /** IANA time zone the hours are read in, e.g. `Europe/London`; DST is applied exactly. */
    timezone: ianaTimeZone,
    hours,
    /** Public holidays from date-holidays: ISO country code and optional region (e.g. GB + ENG). Absent: no public holidays. */
    holidays: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as GB'),
        region: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Further non-working local dates (company days off). Default: none. */
    extraHolidays: z.array(localDate).default([]),
  })
  .strict();

const matchValues = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const policy = z
  .object({
    name: z.string().min(1),
    /** Case-insensitive match on the ticket; each key takes one value or a list. Absent: matches every ticket. */
    when: z.object({ priority: matchValues.optional(), tier: matchValues.optional(), region: matchValues.optional() }).strict().optional(),
    /** A calendar name, or `region` to use the calendar named by the ticket's region. */
    calendar: z.string().min(1),
    /** With `calendar: region`: used when the ticket's region is not a calendar name. Absent: such tickets are rejected. */
    fallbackCalendar: z.string().min(1).optional(),
    /** Working-time targets; a metric left out is not measured under this policy. */
    targets: z
      .object({ first_response: duration.optional(), resolution: duration.optional() })
      .strict()
      .refine((t) => t.first_response !== undefined || t.resolution !== undefined, 'give at least one of first_response, resolution'),
  })
  .strict();

export const slaFileSchema = z
  .object({
    /** Business calendars by name; policies refer to these names (and `region` picks one by the ticket's region). */
    calendars: z.record(z.string().regex(/^[A-Za-z][\w-]*$/, 'calendar names are letters, digits, - and _'), calendar),
    /** Case statuses in which no SLA time counts (exact names). Default: none. */
    pauseStatuses: z.array(z.string().min(1)).default([]),
    /** Case statuses that stop the clocks; leaving them (a reopen) resumes the resolution clock. */
    resolvedStatuses: z.array(z.string().min(1)).min(1),
    /**
     * A running clock is at risk when less than this is left: a percentage of the target (0–100,
     * exclusive) or working minutes. Default: `{ remainingPercent: 20 }`.
     */
    atRisk: z
      .object({ remainingPercent: z.number().gt(0).lt(100).optional(), remainingMinutes: z.number().int().positive().optional() })
      .strict()
      .refine((a) => (a.remainingPercent === undefined) !== (a.remainingMinutes === undefined), 'give exactly one of remainingPercent, remainingMinutes')
      .transform((a) => (a.remainingPercent !== undefined ? { remainingPercent: a.remainingPercent } : { remainingMinutes: a.remainingMinutes! }))
      .default({ remainingPercent: 20 }),
    /** Tried top to bottom; the first whose `when` matches the ticket gives its calendar and targets. */
    policies: z.array(policy).min(1),
  })
  .strict();

/** Validated `sla.yaml`. */
export type SlaConfig = z.output<typeof slaFileSchema>;

// The domain takes this config as it is: fail the build if the two shapes drift apart.
const _configIsDefinition = (config: SlaConfig): SlaDefinition => config;
void _configIsDefinition;

/** Cross-field checks: references between calendars and policies, holiday data, status lists, dead policies. */
export function checkSla(config: SlaConfig, catalog: HolidayCatalog = dateHolidaysCatalog): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const calendarNames = Object.keys(config.calendars);
  if (Object.hasOwn(config.calendars, REGION_CALENDAR)) {
    issues.push({ path: ['calendars', REGION_CALENDAR], message: `"${REGION_CALENDAR}" is reserved (calendar: region picks the calendar by the ticket's region); rename this calendar` });
  }
  for (const [name, cal] of Object.entries(config.calendars)) {
    const spec = cal.holidays;
    if (!spec) continue;
    if (!catalog.isKnownCountry(spec.country)) {
      issues.push({ path: ['calendars', name, 'holidays', 'country'], message: `date-holidays has no country "${spec.country}"` });
    } else if (spec.region !== undefined && !catalog.isKnownRegion(spec.country, spec.region)) {
      const regions = catalog.listRegions(spec.country);
      const hint = regions.length > 0 ? `; known regions: ${regions.join(', ')}` : '; this country has no regions, leave region out';
      issues.push({ path: ['calendars', name, 'holidays', 'region'], message: `date-holidays has no region "${spec.region}" in ${spec.country}${hint}` });
    }
  }
  const resolved = new Set(config.resolvedStatuses);
  config.pauseStatuses.forEach((status, index) => {
    if (resolved.has(status)) issues.push({ path: ['pauseStatuses', index], message: `"${status}" is also a resolved status; a status either pauses or stops the clocks` });
  });

  issues.push(...checkSlaCalendarNames(config));
  const seenNames = new Map<string, number>();
  const compiled = config.policies.map((p) => ({ when: compilePolicyWhen(p.when) }));
  config.policies.forEach((p, index) => {
    const earlierName = seenNames.get(p.name);
    if (earlierName !== undefined) issues.push({ path: ['policies', index, 'name'], message: `duplicate policy name "${p.name}" (also policies[${earlierName}])` });
    else seenNames.set(p.name, index);
    if (p.fallbackCalendar !== undefined && p.calendar !== REGION_CALENDAR) {
      issues.push({ path: ['policies', index, 'fallbackCalendar'], message: `fallbackCalendar only applies with calendar: ${REGION_CALENDAR}` });
    }
    if (p.calendar === REGION_CALENDAR && p.fallbackCalendar === undefined && p.when?.region !== undefined) {
      const regions = Array.isArray(p.when.region) ? p.when.region : [p.when.region];
      for (const region of regions) {
        if (!calendarNames.includes(region)) {
          issues.push({
            path: ['policies', index, 'when', 'region'],
            message: `region "${region}" is not a calendar name, so calendar: ${REGION_CALENDAR} finds no calendar for it; add fallbackCalendar`,
          });
        }
      }
    }
    const shadowing = compiled.findIndex((earlier, earlierIndex) => earlierIndex < index && isPolicyShadowed(earlier, compiled[index]!));
    if (shadowing >= 0) {
      issues.push({
        path: ['policies', index],
        message: `policy "${p.name}" can never apply: policies[${shadowing}] ("${config.policies[shadowing]!.name}") already matches every ticket it would (first match wins); move it up or narrow the earlier one`,
      });
    }
  });
  return issues;
}

/**
 * Policies name calendars that exist. Works on the file as written (not only once it validates),
 * so a policy naming a missing calendar is reported together with any other problem of the file.
 */
export function checkSlaCalendarNames(raw: unknown): ConfigIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw['policies'])) return [];
  const calendarNames = isRecord(raw['calendars']) ? Object.keys(raw['calendars']) : [];
  const known = calendarNames.length > 0 ? calendarNames.join(', ') : '(none defined)';
  const issues: ConfigIssue[] = [];
  raw['policies'].forEach((p: unknown, index) => {
    if (!isRecord(p)) return;
    const { calendar, fallbackCalendar } = p;
    if (typeof calendar === 'string' && calendar !== REGION_CALENDAR && !calendarNames.includes(calendar)) {
      issues.push({ path: ['policies', index, 'calendar'], message: `unknown calendar "${calendar}"; known: ${known}, or "${REGION_CALENDAR}"` });
    }
    if (typeof fallbackCalendar === 'string' && calendar === REGION_CALENDAR && !calendarNames.includes(fallbackCalendar)) {
      issues.push({ path: ['policies', index, 'fallbackCalendar'], message: `unknown calendar "${fallbackCalendar}"; known: ${known}` });
    }
  });
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The SLA engine's public surface for the rest of casebridge (engine, jobs, CLI). Everything here
 * is pure: holidays come in through a HolidayProvider, "now" is a parameter.
 */
export type { BusinessCalendar } from './calendar.js';
export { diffClocks, getNextStateChangeMs } from './changes.js';
export type { SlaClockChange, StoredClock } from './changes.js';
export { evaluateClock, sortEvents } from './clock.js';
export { computeSla } from './compute.js';
export type { SlaComputeOutput } from './compute.js';
export type { SlaDefinition } from './definition.js';
export { parseDurationMinutes, formatDurationMinutes } from './duration.js';
export { compileSla, evaluateTicket, resolveTicketPolicy } from './engine.js';
export type { CompiledSla, SlaTicketResult } from './engine.js';
export type { HolidayPeriod, HolidayProvider, HolidaySpec } from './holidays.js';
export { parseInstantMs, parseSlaComputeInput } from './input.js';
export type { SlaComputeInput } from './input.js';
export { toMetricOutput, toTicketOutput } from './output.js';
export type { SlaMetricOutput, SlaTicketOutput } from './output.js';
export { aggregateSlaReport, toReportRows } from './report.js';
export type { SlaReport, SlaReportOptions, SlaReportRow } from './report.js';
export { renderAggregatedReport, renderReport } from './report-render.js';
export type { SlaReportFormat } from './report-render.js';
export type { AtRiskRule, ClockResult, SlaEvent, SlaMetric, SlaState, SlaTicket } from './types.js';
export { createWorkingTime } from './working-time.js';
export type { WorkingTime } from './working-time.js';

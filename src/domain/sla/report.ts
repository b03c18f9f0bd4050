/**
 * Breach report aggregation over evaluated SLA clocks: totals by state, breach rate by priority,
 * breaches per day by priority and region, top breached topics, and the list of breaches in the
 * window. One pass over the rows; nothing is read from anywhere.
 */
import type { SlaTicketResult } from './engine.js';
import type { SlaMetric, SlaState, SlaTicket } from './types.js';

/** One evaluated clock with the ticket attributes a report groups by. Instants are epoch ms. */
export interface SlaReportRow {
  ticketId: string;
  priority: string;
  tier: string;
  region: string;
  /** Classified topic, when known. */
  topic: string | null;
  policy: string | null;
  calendar: string | null;
  metric: SlaMetric;
  state: SlaState;
  targetMinutes: number;
  elapsedMinutes: number;
  dueAtMs: number | null;
  breachedAtMs: number | null;
  stoppedAtMs: number | null;
}

export interface SlaReportOptions {
  /** Breaches with `breachedAt` in `[fromMs, toMs)` are reported. */
  fromMs: number;
  toMs: number;
  /** Keep only rows whose attribute is one of these (case-insensitive); absent keys keep all. */
  filter?: { region?: string[]; tier?: string[]; priority?: string[] };
  /** IANA zone whose local dates the per-day chart uses. Default `UTC`. */
  timeZone?: string;
  /** How many topics to list. Default 10. */
  topTopicsCount?: number;
  /** Shown in the rendered outputs. Default "SLA breach report". */
  title?: string;
  /** When the report was produced; shown, not used in any figure. */
  generatedAtMs?: number;
}

export interface SlaReport {
  title: string;
  fromMs: number;
  toMs: number;
  timeZone: string;
  generatedAtMs: number | null;
  /** Rows that passed the filter, by current state. */
  totals: { clocks: number; byState: Record<SlaState, number> };
  /** Per priority: stopped clocks (met + breached) and the share of them that breached. */
  byPriority: Array<{ priority: string; clocks: number; met: number; breached: number; breachRatePercent: number | null }>;
  /** Breaches in the window per local date, priority and region; sorted by date, priority, region. */
  breachesPerDay: Array<{ date: string; priority: string; region: string; count: number }>;
  topBreachedTopics: Array<{ topic: string; count: number }>;
  /** Breaches in the window, oldest first (only the first of them when `breachCount` is set). */
  breaches: SlaReportRow[];
  /** How many breaches the window has, when `breaches` holds only the first (a page's cut). */
  breachCount?: number;
}

/** Report rows of one evaluated ticket (one per metric). */
export function toReportRows(ticket: Pick<SlaTicket, 'id' | 'priority' | 'tier' | 'region'>, result: SlaTicketResult, topic: string | null = null): SlaReportRow[] {
  return result.metrics.map((clock) => ({
    ticketId: ticket.id,
    priority: ticket.priority,
    tier: ticket.tier,
    region: ticket.region,
    topic,
    policy: result.policy,
    calendar: result.calendar,
    metric: clock.metric,
    state: clock.state,
    targetMinutes: clock.targetMs / 60_000,
    elapsedMinutes: clock.elapsedMs / 60_000,
    dueAtMs: clock.dueAtMs,
    breachedAtMs: clock.breachedAtMs,
    stoppedAtMs: clock.stoppedAtMs,
  }));
}

const STATES: readonly SlaState[] = ['met', 'breached', 'running', 'paused', 'at_risk'];
const QUARTER_HOUR_MS = 900_000;

export function aggregateSlaReport(rows: Iterable<SlaReportRow>, options: SlaReportOptions): SlaReport {
  const timeZone = options.timeZone ?? 'UTC';
  const toLocalDate = createLocalDateReader(timeZone);
  const keep = createRowFilter(options.filter);
  const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<SlaState, number>;
  const priorities = new Map<string, { clocks: number; met: number; breached: number }>();
  const perDay = new Map<string, { date: string; priority: string; region: string; count: number }>();
  const topics = new Map<string, number>();
  const breaches: SlaReportRow[] = [];
  let clocks = 0;

  for (const row of rows) {
    if (!keep(row)) continue;
    clocks++;
    byState[row.state]++;
    let priority = priorities.get(row.priority);
    if (!priority) priorities.set(row.priority, (priority = { clocks: 0, met: 0, breached: 0 }));
    priority.clocks++;
    if (row.state === 'met') priority.met++;
    else if (row.state === 'breached') priority.breached++;

    const breachedAtMs = row.breachedAtMs;
    if (breachedAtMs === null || breachedAtMs < options.fromMs || breachedAtMs >= options.toMs) continue;
    breaches.push(row);
    const date = toLocalDate(breachedAtMs);
    const dayKey = `${date}\u0000${row.priority}\u0000${row.region}`;
    const day = perDay.get(dayKey);
    if (day) day.count++;
    else perDay.set(dayKey, { date, priority: row.priority, region: row.region, count: 1 });
    if (row.topic) topics.set(row.topic, (topics.get(row.topic) ?? 0) + 1);
  }

  breaches.sort((a, b) => a.breachedAtMs! - b.breachedAtMs! || compareText(a.ticketId, b.ticketId));
  return {
    title: options.title ?? 'SLA breach report',
    fromMs: options.fromMs,
    toMs: options.toMs,
    timeZone,
    generatedAtMs: options.generatedAtMs ?? null,
    totals: { clocks, byState },
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([name, p]) => ({
        priority: name,
        ...p,
        breachRatePercent: p.met + p.breached === 0 ? null : Math.round((p.breached / (p.met + p.breached)) * 10_000) / 100,
      })),
    breachesPerDay: [...perDay.values()].sort((a, b) => compareText(a.date, b.date) || compareText(a.priority, b.priority) || compareText(a.region, b.region)),
    topBreachedTopics: [...topics.entries()]
      .map(([topic, count]) => ({ topic, count }))
      .sort((a, b) => b.count - a.count || compareText(a.topic, b.topic))
      .slice(0, options.topTopicsCount ?? 10),
    breaches,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function createRowFilter(filter: SlaReportOptions['filter']): (row: SlaReportRow) => boolean {
  const sets = (['region', 'tier', 'priority'] as const).filter((key) => filter?.[key] !== undefined).map((key) => [key, new Set(filter![key]!.map((v) => v.toLowerCase()))] as const);
  if (sets.length === 0) return () => true;
  return (row) => sets.every(([key, values]) => values.has(row[key].toLowerCase()));
}

/**
 * Local date (`YYYY-MM-DD`) of an instant in `timeZone`. Every UTC offset in use is a multiple of
 * 15 minutes, so the answer is cached per quarter hour: a million rows cost a few thousand Intl calls.
 */
export function createLocalDateReader(timeZone: string): (ms: number) => string {
  if (timeZone === 'UTC') return (ms) => new Date(ms).toISOString().slice(0, 10);
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const cache = new Map<number, string>();
  return (ms) => {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let date = cache.get(bucket);
    if (date === undefined) {
      date = format.format(new Date(bucket * QUARTER_HOUR_MS));
      cache.set(bucket, date);
    }
    return date;
  };
}

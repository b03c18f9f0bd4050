/**
 * `npm run bench -- sla [--tickets N] [--seconds S] [--rows N]`
 * 1. SLA evaluations per second (ticket × metric) on one core: tickets with a month of status
 *    history on the IL/GB/RU business calendars (with public holidays) and the 24x7 P1 calendar,
 *    policies from config/sla.yaml.
 * 2. Breach report aggregation and rendering over N synthetic result rows held in memory.
 * Prints one JSON object.
 */
import { createPrng } from '../src/domain/random.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createDateHolidaysProvider } from '../src/adapters/holidays/date-holidays-provider.js';
import { slaFileSchema } from '../src/config/schemas/sla.js';
import { compileSla, evaluateTicket } from '../src/domain/sla/engine.js';
import { toTicketOutput } from '../src/domain/sla/output.js';
import { aggregateSlaReport } from '../src/domain/sla/report.js';
import type { SlaReportRow } from '../src/domain/sla/report.js';
import { renderAggregatedReport } from '../src/domain/sla/report-render.js';
import type { SlaEvent, SlaState, SlaTicket } from '../src/domain/sla/types.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const ticketCount = option('tickets', 20_000);
  const seconds = option('seconds', 3);
  const rowCount = option('rows', 1_000_000);

  const config = slaFileSchema.parse(parse(readFileSync('config/sla.yaml', 'utf8')));
  const sla = compileSla(config, createDateHolidaysProvider());
  const random = createPrng(42);
  const nowMs = Date.parse('2026-01-20T12:00:00Z');
  const tickets = Array.from({ length: ticketCount }, (_, i) => givenMonthOfHistory(i, nowMs, random));
  const eventsPerTicket = tickets.reduce((sum, t) => sum + t.events.length, 0) / tickets.length;

  // Warm-up: builds and caches each calendar's working intervals, and lets the JIT settle.
  let metricsPerPass = 0;
  for (const ticket of tickets) metricsPerPass += evaluateTicket(sla, ticket, nowMs).metrics.length;

  const evaluation = measure(seconds, () => {
    for (const ticket of tickets) evaluateTicket(sla, ticket, nowMs);
    return metricsPerPass;
  });
  const withJson = measure(seconds, () => {
    for (const ticket of tickets) toTicketOutput(evaluateTicket(sla, ticket, nowMs));
    return metricsPerPass;
  });

  const rows = givenReportRows(rowCount, random);
  const fromMs = Date.parse('2025-12-01T00:00:00Z');
  const toMs = Date.parse('2026-01-01T00:00:00Z');
  const aggregateStarted = performance.now();
  const report = aggregateSlaReport(rows, { fromMs, toMs, timeZone: 'Asia/Jerusalem' });
  const aggregateMs = performance.now() - aggregateStarted;
  const renderMs: Record<string, number> = {};
  const renderBytes: Record<string, number> = {};
  for (const format of ['csv', 'json', 'html'] as const) {
    const started = performance.now();
    const text = renderAggregatedReport(report, format);
    renderMs[format] = round(performance.now() - started);
    renderBytes[format] = text.length;
  }

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'sla',
        node: process.version,
        tickets: ticketCount,
        eventsPerTicket: round(eventsPerTicket),
        metricsPerPass,
        evaluationsPerSecond: Math.round(evaluation.perSecond),
        evaluationsPerSecondWithJsonOutput: Math.round(withJson.perSecond),
        goalEvaluationsPerSecond: 200_000,
        report: {
          rows: rowCount,
          breachesInWindow: report.breaches.length,
          aggregateMs: round(aggregateMs),
          renderMs,
          renderBytes,
          goalMs: 5_000,
        },
      },
      null,
      2,
    )}\n`,
  );
}

/** Repeats `pass` for about `seconds`; `pass` returns how many evaluations it did. */
function measure(seconds: number, pass: () => number): { perSecond: number } {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) count += pass();
  return { perSecond: count / ((performance.now() - started) / 1000) };
}

/** A ticket created in the month before `nowMs` with a realistic month of status changes and replies. */
function givenMonthOfHistory(index: number, nowMs: number, random: () => number): SlaTicket {
  const createdAtMs = nowMs - 30 * DAY + Math.floor(random() * 5 * DAY);
  const events: SlaEvent[] = [];
  let atMs = createdAtMs;
  const statuses = ['In Progress', 'Waiting on Customer', 'In Progress', 'Pending Vendor', 'In Progress', 'Resolved', 'In Progress', 'Closed'];
  events.push({ atMs: atMs + Math.floor(random() * 180) * MINUTE, type: 'agentReply' });
  const changes = 6 + Math.floor(random() * 10);
  for (let i = 0; i < changes; i++) {
    atMs += Math.floor(random() * 2.5 * DAY);
    if (atMs > nowMs) break;
    if (random() < 0.3) events.push({ atMs, type: 'agentReply' });
    events.push({ atMs, type: 'status', value: statuses[i % statuses.length]! });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  return {
    id: `C-${index}`,
    createdAtMs,
    priority: pick(['P1', 'P2', 'P2', 'P3', 'P3', 'P3', 'P4'], random),
    tier: pick(['Private', 'Private', 'Corporate', 'Corporate', 'VIP'], random),
    region: pick(['IL', 'GB', 'RU'], random),
    events,
  };
}

function givenReportRows(count: number, random: () => number): SlaReportRow[] {
  const states: SlaState[] = ['met', 'met', 'met', 'breached', 'running', 'paused', 'at_risk'];
  const startMs = Date.parse('2025-11-15T00:00:00Z');
  const rows: SlaReportRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const state = pick(states, random);
    rows[i] = {
      ticketId: `C-${i >> 1}`,
      priority: pick(['P1', 'P2', 'P3', 'P4'], random),
      tier: pick(['Private', 'Corporate', 'VIP'], random),
      region: pick(['IL', 'GB', 'RU'], random),
      topic: pick(['payments', 'login', 'driver app', 'refunds', 'invoices', 'maps', null], random),
      policy: 'p2-corporate',
      calendar: 'GB',
      metric: i % 2 === 0 ? 'first_response' : 'resolution',
      state,
      targetMinutes: 720,
      elapsedMinutes: 100 + random() * 1000,
      dueAtMs: null,
      breachedAtMs: state === 'breached' ? startMs + Math.floor(random() * 60 * DAY) : null,
      stoppedAtMs: null,
    };
  }
  return rows;
}

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length)]!;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

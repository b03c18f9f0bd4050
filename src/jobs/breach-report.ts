/**
 * Scheduled SLA breach reports (reports.yaml). Every minute each replica asks which report slots are
 * due, the current one and any missed since the schedule's watermark (the latest slot row), and
 * fires each slot it wins: the unique (schedule, slot) row in report_runs makes every slot fire
 * exactly once however many replicas tick. `register()` only schedules; `run()` does the work.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { ReportSchedule } from '../config/schemas/reports.js';
import { toWindowMs } from '../config/schemas/reports.js';
import { renderAggregatedReport } from '../domain/sla/report-render.js';
import type { SlaReportFormat } from '../domain/sla/report-render.js';
import { claimSlot, finishSlot, getLastSlot } from '../adapters/store/report-runs.js';
import type { Notifier } from '../adapters/notify/types.js';
import type { Logger } from '../logging.js';
import { buildStoredReport } from '../engine/sla/stored-report.js';
import { loadReportNames, type ReportLinks } from '../engine/sla/report-names.js';
import { createSlotMatcher, floorToMinute, listSlotsBetween } from './report-slots.js';

export interface BreachReportDeps {
  db: Knex;
  reports: readonly ReportSchedule[];
  notifier?: Notifier;
  logger: Logger;
  /** Epoch ms "now"; tests drive a fake clock. Default Date.now. */
  nowMs?: () => number;
  /** Relative output directories are resolved against this. Default: the working directory. */
  baseDir?: string;
  /** Where the HTML report links cases and issues (the systems' base URLs); absent: names without links. */
  links?: ReportLinks;
}

export interface SlotOutcome {
  schedule: string;
  slot: string;
  /** False when another replica (or an earlier tick) had the slot. */
  fired: boolean;
  breaches?: number;
  files?: string[];
  error?: string;
}

const CONTENT_TYPES: Record<SlaReportFormat, string> = { csv: 'text/csv', json: 'application/json', html: 'text/html' };

/** Fires every due slot of every schedule (the current minute's and missed ones). */
export async function run(deps: BreachReportDeps): Promise<SlotOutcome[]> {
  const nowMs = deps.nowMs?.() ?? Date.now();
  const outcomes: SlotOutcome[] = [];
  for (const schedule of deps.reports) {
    const matcher = createSlotMatcher(schedule.cron, schedule.timezone);
    const watermark = await getLastSlot(deps.db, schedule.name);
    // With no watermark the schedule never ran: a slot within the last window is still worth
    // sending (a tick may come late), anything older was never owed.
    const afterMs = watermark ? watermark.getTime() : floorToMinute(nowMs) - toWindowMs(schedule.window);
    for (const slotMs of listSlotsBetween(matcher, afterMs, nowMs, schedule.catchUpLimit + 1)) {
      outcomes.push(await runSlot(deps, schedule, slotMs));
    }
  }
  return outcomes;
}

/** Produces one slot's report if this caller wins the slot. */
export async function runSlot(deps: BreachReportDeps, schedule: ReportSchedule, slotMs: number): Promise<SlotOutcome> {
  const slot = new Date(slotMs);
  if (!(await claimSlot(deps.db, schedule.name, slot))) return { schedule: schedule.name, slot: slot.toISOString(), fired: false };
  try {
    const produced = await produceReport(deps, schedule, slotMs);
    await finishSlot(deps.db, schedule.name, slot, { status: 'done', output: produced });
    return { schedule: schedule.name, slot: slot.toISOString(), fired: true, ...produced };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error({ schedule: schedule.name, slot: slot.toISOString(), err: error }, 'breach report failed');
    await finishSlot(deps.db, schedule.name, slot, { status: 'failed', output: { error: message } });
    return { schedule: schedule.name, slot: slot.toISOString(), fired: true, error: message };
  }
}

async function produceReport(deps: BreachReportDeps, schedule: ReportSchedule, slotMs: number): Promise<{ breaches: number; files: string[] }> {
  const title = schedule.title ?? `SLA breach report: ${schedule.name}`;
  const report = await buildStoredReport(deps.db, {
    fromMs: slotMs - toWindowMs(schedule.window),
    toMs: slotMs,
    filter: schedule.filter,
    timeZone: schedule.timezone,
    title,
    generatedAtMs: deps.nowMs?.() ?? Date.now(),
  });
  const stamp = new Date(slotMs).toISOString().slice(0, 16).replace(':', '');
  // The same page as the console's Reports: case numbers, Jira keys and topic names instead of ids.
  const html = schedule.formats.includes('html') ? { names: await loadReportNames(deps.db, report, deps.links) } : {};
  const attachments = schedule.formats.map((format) => ({
    fileName: `${schedule.name}-${stamp}Z.${format}`,
    contentType: CONTENT_TYPES[format],
    content: renderAggregatedReport(report, format, html),
  }));
  const files: string[] = [];
  if (schedule.outputs.directory) {
    const directory = path.resolve(deps.baseDir ?? process.cwd(), schedule.outputs.directory);
    await mkdir(directory, { recursive: true });
    for (const attachment of attachments) {
      const file = path.join(directory, attachment.fileName);
      await writeFile(file, attachment.content, 'utf8');
      files.push(file);
    }
  }
  const wantsDelivery = (schedule.outputs.email?.length ?? 0) > 0 || schedule.outputs.slack;
  if (wantsDelivery && deps.notifier) {
    const summary = `${report.breaches.length} breaches between ${new Date(report.fromMs).toISOString()} and ${new Date(report.toMs).toISOString()}; ${report.totals.clocks} clocks in scope${files.length > 0 ? `; files: ${files.map((f) => path.basename(f)).join(', ')}` : ''}`;
    await deps.notifier.sendReport({ schedule: schedule.name, title, summary, attachments, emailTo: schedule.outputs.email ?? [], slack: schedule.outputs.slack });
  }
  return { breaches: report.breaches.length, files };
}

/** Ticks every minute (and once now, to catch up); overlapping ticks are skipped. */
export function register(deps: BreachReportDeps): ScheduledTask {
  const tick = async () => {
    try {
      const fired = (await run(deps)).filter((o) => o.fired);
      if (fired.length > 0) deps.logger.info({ slots: fired }, 'breach reports');
    } catch (error) {
      deps.logger.error({ err: error }, 'breach report tick failed');
    }
  };
  void tick();
  return cron.schedule('* * * * *', tick, { name: 'breach-reports', noOverlap: true });
}

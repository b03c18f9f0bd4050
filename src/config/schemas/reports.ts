/**
 * `reports.yaml`: scheduled SLA breach reports (cron, window, filters, formats, where they go) and
 * who is alerted when a clock turns at risk or breaches. Optional file: without it no report is
 * scheduled and alerts go to Slack only (when SLACK_WEBHOOK_URL is set).
 */
import cron from 'node-cron';
import { z } from 'zod';
import { ianaTimeZone } from './time-zone.js';
import { PROJECT_KEY_PATTERN } from '../../domain/jira-keys.js';
import type { ConfigIssue } from '../issues.js';
import { describe } from '../plain-messages.js';

const email = z.string().email('expected an e-mail address such as leads@example.org');

/** A window length: whole minutes, hours or days (`30m`, `1h`, `24h`, `7d`); calendar time, not working time. */
const windowProblem = (issue: { input?: unknown }) => `${describe(issue.input)} is not a window: expected a whole number above 0 of minutes m, hours h or days d, such as "1h", "24h" or "7d"`;
const windowText = z.string({ error: windowProblem }).regex(/^[1-9]\d*[mhd]$/, { error: windowProblem });

const cronText = z.string().superRefine((text, ctx) => {
  const parsed = cron.validateDetailed(text);
  if (!parsed.valid) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a cron expression: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid'}` });
  } else if (text.trim().split(/\s+/).length !== 5) {
    // Slots are whole minutes: the slot row's key and the catch-up both count in minutes.
    ctx.addIssue({ code: 'custom', message: `"${text}" has ${text.trim().split(/\s+/).length} fields; use the 5-field form (minute hour day-of-month month day-of-week)` });
  }
});

const timeZone = ianaTimeZone;

const values = z.array(z.string().min(1)).min(1);

const reportSchedule = z
  .object({
    /** Unique; the key of the slot rows (`report_runs.schedule`). */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'report names are lowercase letters, digits and -'),
    /** 5-field cron; each matching minute is one slot, fired once across replicas. */
    cron: cronText,
    /** Zone the cron expression and the per-day chart are read in. Default UTC. */
    timezone: timeZone.default('UTC'),
    /** The report for a slot covers breaches in [slot − window, slot). */
    window: windowText,
    /** Keep only tickets with one of these values (case-insensitive); absent keys keep all. */
    filter: z.object({ region: values.optional(), tier: values.optional(), priority: values.optional() }).strict().default({}),
    formats: z
      .array(z.enum(['csv', 'json', 'html']))
      .min(1)
      .default(['html']),
    /** Where the report goes: at least one of directory, email, slack. */
    outputs: z
      .object({
        /** Files `<name>-<slot>.<format>` are written here (created if missing); a relative path is under CASEBRIDGE_DATA_DIR. */
        directory: z.string().min(1).optional(),
        email: z.array(email).min(1).optional(),
        /** Post the summary to SLACK_WEBHOOK_URL. */
        slack: z.boolean().default(false),
      })
      .strict()
      .refine((o) => o.directory !== undefined || o.email !== undefined || o.slack, 'give at least one output: directory, email or slack: true'),
    /** How many missed slots a restarted scheduler catches up (newest kept). Default 24. */
    catchUpLimit: z.number().int().min(0).max(1000).default(24),
    title: z.string().min(1).optional(),
  })
  .strict();

export const reportsFileSchema = z
  .object({
    /** At-risk and breach alerts: once per ticket, metric and state. */
    alerts: z
      .object({
        /** Post alerts to SLACK_WEBHOOK_URL. Default true. */
        slack: z.boolean().default(true),
        email: z
          .object({
            /** Sender address. */
            from: email.default('casebridge@localhost'),
            /** Recipients when the case's routing project has no list of its own. */
            to: z.array(email).default([]),
            /** Routing target (Jira project key) → recipients. */
            byProject: z.record(z.string().regex(PROJECT_KEY_PATTERN, 'expected a Jira project key such as PAY'), z.array(email).min(1)).default({}),
          })
          .strict()
          .default({ from: 'casebridge@localhost', to: [], byProject: {} }),
      })
      .strict()
      .default({ slack: true, email: { from: 'casebridge@localhost', to: [], byProject: {} } }),
    reports: z.array(reportSchedule).default([]),
  })
  .strict();

/** Validated `reports.yaml`. */
export type ReportsConfig = z.output<typeof reportsFileSchema>;
export type ReportSchedule = ReportsConfig['reports'][number];

/** Report names must be unique: they key the slot rows. */
export function checkReports(config: ReportsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  config.reports.forEach((report, index) => {
    if (seen.has(report.name)) issues.push({ path: ['reports', index, 'name'], message: `duplicate report name "${report.name}"` });
    seen.add(report.name);
  });
  return issues;
}

/** A window such as `24h` in milliseconds. */
export function toWindowMs(window: string): number {
  const amount = Number(window.slice(0, -1));
  const unit = window.slice(-1);
  return amount * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
}

/**
 * Wires SLA into a runtime: the pass extension (every role that runs sync passes records status
 * history and re-evaluates) and, for scheduling roles, the SLA scan and the breach reports.
 * Off, and nothing attached, unless sla.yaml is configured; reports need reports.yaml too.
 */
import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/index.js';
import { createDateHolidaysProvider } from '../adapters/holidays/date-holidays-provider.js';
import { createConfiguredNotifier } from '../adapters/notify/from-config.js';
import { compileSla } from '../domain/sla/engine.js';
import { createSlaExtension } from '../engine/extensions/sla-extension.js';
import type { SlaRuntime } from '../engine/sla/runtime.js';
import * as breachReportJob from '../jobs/breach-report.js';
import * as slaScanJob from '../jobs/sla-scan.js';
import type { OpenRuntime } from './open-runtime.js';

export interface AttachedSla {
  runtime: SlaRuntime;
  /** Schedules the SLA scan (every minute) and the breach reports; they stop when the runtime closes. */
  startJobs(): void;
}

/** `config` is the runtime's (`runtime.config`: Jira field names resolved). */
export function attachSla(runtime: OpenRuntime, config: Config): AttachedSla | undefined {
  const { sla, reports } = config.files;
  if (!sla) return undefined;
  const slaRuntime: SlaRuntime = { sla: compileSla(sla, createDateHolidaysProvider()), notifier: createConfiguredNotifier(config.env, reports), jiraFields: runtime.systems.slaJiraFields };
  runtime.context.extensions = [...(runtime.context.extensions ?? []).filter((e) => e.name !== 'sla'), createSlaExtension(slaRuntime)];
  return {
    runtime: slaRuntime,
    startJobs: () => {
      const tasks: ScheduledTask[] = [slaScanJob.register({ ctx: runtime.context, runtime: slaRuntime })];
      if (reports && reports.reports.length > 0) {
        // Relative report directories live under the data directory, next to the embedded database.
        const links = { salesforceInstanceUrl: runtime.systems.clients.salesforce.instanceUrl, jiraSiteUrl: runtime.systems.clients.jiraBaseUrl };
        tasks.push(breachReportJob.register({ db: runtime.db.knex, reports: reports.reports, notifier: slaRuntime.notifier, logger: runtime.context.logger, baseDir: config.env.dataDir, links }));
      }
      runtime.onClose('sla jobs', async () => {
        for (const task of tasks) await task.stop();
      });
    },
  };
}

/**
 * Wires the incident capability into a runtime: the pass extension (every role that runs sync
 * passes) and the scheduled jobs (scheduling roles only). Routing from the owner directory is
 * applied where the engine context is built (engine-runtime.ts), so every command routes alike.
 * Off, and nothing attached, unless both owners.yaml and incidents.yaml are configured.
 */
import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/index.js';
import { createConfiguredContactNotifier } from '../adapters/notify/contact-notifier.js';
import { createIncidentExtension } from '../engine/extensions/incident-extension.js';
import { incidentJiraFields } from '../engine/incidents/deps.js';
import type { IncidentDeps } from '../engine/incidents/deps.js';
import * as escalationJob from '../jobs/incident-escalation.js';
import * as watchJob from '../jobs/incident-watch.js';
import * as overdueJob from '../jobs/rca-overdue.js';
import * as stakeholderJob from '../jobs/stakeholder-updates.js';
import type { OpenRuntime } from './open-runtime.js';

export interface IncidentRuntime {
  deps: IncidentDeps;
  /** Schedules the watch, escalation, overdue and stakeholder-update jobs; they stop when the runtime closes. */
  startJobs(): void;
}

/** Attaches the extension; returns undefined (and attaches nothing) when not configured. `config` is `runtime.config` (Jira field names resolved). */
export function attachIncidents(runtime: OpenRuntime, config: Config): IncidentRuntime | undefined {
  const { owners, incidents, sync } = config.files;
  if (!owners || !incidents || !sync) return undefined;
  const deps: IncidentDeps = {
    config: incidents,
    owners,
    notifier: createConfiguredContactNotifier(config.env),
    // Reads that also carry the sub-tasks and resolution dates the watcher needs.
    issues: runtime.systems.issuesReading(incidentJiraFields(incidents)),
  };
  runtime.context.extensions = [...(runtime.context.extensions ?? []), createIncidentExtension(deps)];
  return {
    deps,
    startJobs: () => {
      const jobDeps = { ctx: runtime.context, incidents: deps };
      const tasks: ScheduledTask[] = [watchJob.register(jobDeps), escalationJob.register(jobDeps), overdueJob.register(jobDeps), stakeholderJob.register(jobDeps)];
      runtime.onClose('incident jobs', async () => {
        for (const task of tasks) await task.stop();
      });
    },
  };
}

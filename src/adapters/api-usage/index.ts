/**
 * API usage tracking: what Salesforce and Jira say of their budgets in response headers, recorded
 * as the adapters see them, written to `api_usage` (throttled), shown as gauges in `/metrics` and
 * read by the console's health page with `readApiUsage(db)`.
 */
import type { Connection } from 'jsforce';
import type { Version3Client } from 'jira.js';
import type { Db } from '../store/db-handle.js';
import { readApiUsage } from '../store/api-usage.js';
import { createApiUsageRecorder, type ApiUsageRecorder } from './recorder.js';
import { watchJiraResponses, watchSalesforceResponses } from './watch.js';
import { setApiUsageMetricsSource } from './metrics.js';

export { readApiUsage, type ApiUsage } from '../store/api-usage.js';
export { parseSforceLimitInfo, readJiraUsage, readSalesforceUsage, type ApiSystem, type ApiUsageSample } from './headers.js';
export { createApiUsageRecorder, type ApiUsageRecorder } from './recorder.js';

export interface ApiUsageTracking {
  recorder: ApiUsageRecorder;
  /** Writes what is pending and stops (the runtime's shutdown). */
  stop(): Promise<void>;
}

/** Watches both clients' responses, writes them to `db`, and points `/metrics` at the table. */
export function trackApiUsage(options: {
  db: Db;
  clients: { salesforce: Connection; jira: Version3Client };
  flushIntervalMs?: number;
  onProblem?: (message: string, error?: unknown) => void;
}): ApiUsageTracking {
  const recorder = createApiUsageRecorder({
    db: options.db,
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
    onFlushError: (error) => options.onProblem?.('could not write API usage; kept for the next write', error),
  });
  watchSalesforceResponses(options.clients.salesforce, (response) => recorder.observe('salesforce', response));
  if (!watchJiraResponses(options.clients.jira, (response) => recorder.observe('jira', response))) {
    options.onProblem?.('the Jira client exposes no HTTP instance to watch: Jira API usage is not recorded');
  }
  const unsetMetrics = setApiUsageMetricsSource(() => readApiUsage(options.db));
  return {
    recorder,
    async stop() {
      unsetMetrics();
      await recorder.stop();
    },
  };
}

/**
 * API usage as Prometheus gauges in `/metrics`, read from `api_usage` at scrape time, so every
 * process (the web role too, which sends no sync requests) shows what all workers used.
 */
import { Gauge } from 'prom-client';
import { metricsRegistry } from '../../metrics.js';
import type { ApiUsage } from '../store/api-usage.js';

type Source = () => Promise<ApiUsage[]>;
let source: Source | undefined;

/** Points the gauges at a database (the runtime does, at start); returns a function that unsets it. */
export function setApiUsageMetricsSource(read: Source): () => void {
  source = read;
  return () => {
    if (source === read) source = undefined;
  };
}

type Field = 'dailyUsed' | 'dailyLimit' | 'windowLimit' | 'windowRemaining' | 'requestsCount' | 'throttledCount';

const GAUGES: ReadonlyArray<{ name: string; help: string; field: Field }> = [
  { name: 'casebridge_api_daily_used', help: 'API calls used of the daily allowance (Salesforce Sforce-Limit-Info api-usage N), by system', field: 'dailyUsed' },
  { name: 'casebridge_api_daily_limit', help: 'The daily API allowance (Salesforce Sforce-Limit-Info api-usage M), by system', field: 'dailyLimit' },
  { name: 'casebridge_api_window_limit', help: 'Requests allowed in the current rate-limit window (Jira X-RateLimit-Limit), by system', field: 'windowLimit' },
  { name: 'casebridge_api_window_remaining', help: 'Requests left in the current rate-limit window (Jira X-RateLimit-Remaining), by system', field: 'windowRemaining' },
  { name: 'casebridge_api_requests_today', help: 'Requests casebridge sent this UTC day (all processes), by system', field: 'requestsCount' },
  { name: 'casebridge_api_throttled_today', help: 'Requests refused for a rate limit this UTC day (all processes), by system', field: 'throttledCount' },
];

/** One scrape reads the table once, whichever gauge asks first. */
let reading: Promise<ApiUsage[]> | undefined;
function readOnce(): Promise<ApiUsage[]> {
  if (!source) return Promise.resolve([]);
  reading ??= source()
    .catch(() => [])
    .finally(() => setTimeout(() => (reading = undefined), 0));
  return reading;
}

for (const { name, help, field } of GAUGES) {
  new Gauge({
    name,
    help,
    labelNames: ['system'] as const,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      const today = new Date().toISOString().slice(0, 10);
      for (const usage of await readOnce()) {
        // Counts of an earlier day are not today's: 0 until this day's first request.
        const stale = (field === 'requestsCount' || field === 'throttledCount') && usage.requestsDay !== today;
        const value = stale ? 0 : usage[field];
        if (value !== null) this.set({ system: usage.system }, value);
      }
    },
  });
}

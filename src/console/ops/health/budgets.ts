/** Sync health, part two: the API budget used per system, from what the adapters recorded (`api_usage`). */
import type { Knex } from 'knex';
import { readApiUsage, type ApiUsage } from '../../../adapters/store/api-usage.js';

export interface ApiBudget {
  system: 'salesforce' | 'jira';
  label: string;
  /** Salesforce: calls used of the org's daily allowance (rolling 24 h), from `Sforce-Limit-Info`. */
  dailyUsed: number | null;
  dailyLimit: number | null;
  /** Share of the daily allowance used, 0–100. */
  dailyPercent: number | null;
  /** Jira: the rate-limit window as its last headers said. */
  windowLimit: number | null;
  windowRemaining: number | null;
  windowResetAt: Date | null;
  nearLimit: boolean;
  /** Requests casebridge sent today (UTC) and how many a limit refused. */
  requestsToday: number;
  throttledToday: number;
  lastThrottledAt: Date | null;
  lastRetryAfterMs: number | null;
  sampledAt: Date | null;
  /** Not seen yet: no response recorded. */
  unseen: boolean;
}

const LABELS = { salesforce: 'Salesforce', jira: 'Jira' } as const;

function toBudget(system: 'salesforce' | 'jira', usage: ApiUsage | undefined, today: string): ApiBudget {
  const counted = usage?.requestsDay === today;
  const dailyPercent = usage?.dailyUsed != null && usage.dailyLimit ? Math.round((usage.dailyUsed / usage.dailyLimit) * 1000) / 10 : null;
  return {
    system,
    label: LABELS[system],
    dailyUsed: usage?.dailyUsed ?? null,
    dailyLimit: usage?.dailyLimit ?? null,
    dailyPercent,
    windowLimit: usage?.windowLimit ?? null,
    windowRemaining: usage?.windowRemaining ?? null,
    windowResetAt: usage?.windowResetAt ?? null,
    nearLimit: usage?.nearLimit === true,
    requestsToday: counted ? usage.requestsCount : 0,
    throttledToday: counted ? usage.throttledCount : 0,
    lastThrottledAt: usage?.lastThrottledAt ?? null,
    lastRetryAfterMs: usage?.lastRetryAfterMs ?? null,
    sampledAt: usage?.sampledAt ?? null,
    unseen: usage === undefined,
  };
}

export async function loadApiBudgets(db: Knex, now: Date): Promise<ApiBudget[]> {
  const usage = await readApiUsage(db);
  const today = now.toISOString().slice(0, 10);
  return (['salesforce', 'jira'] as const).map((system) =>
    toBudget(
      system,
      usage.find((u) => u.system === system),
      today,
    ),
  );
}

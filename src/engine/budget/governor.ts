/**
 * The API-budget governor at run time: reads what the systems said of their budgets (`api_usage`,
 * written by the adapters' usage tracking) and what live work waits (the live queues, open incidents),
 * and applies the pure decision. A backfill asks before each batch, a poll before each run.
 */
import type { Knex } from 'knex';
import { readApiUsage } from '../../adapters/api-usage/index.js';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../../metrics.js';
import { QUEUES } from '../queue.js';
import type { BudgetConfig } from './config.js';
import { decideAdmission } from './decide.js';
import type { Admission, BudgetUsage, LiveLoad, WorkKind } from './decide.js';

export interface BudgetGovernor {
  admit(work: WorkKind): Promise<Admission>;
}

export const budgetHolds = new Counter({
  name: 'casebridge_budget_holds_total',
  help: 'Times the API-budget governor held background work back, by work (backfill, poll) and kind (yield, exhausted)',
  labelNames: ['work', 'kind'] as const,
  registers: [metricsRegistry],
});

export interface GovernorDeps {
  readUsage: () => Promise<readonly BudgetUsage[]>;
  readLoad: () => Promise<LiveLoad>;
  policy: BudgetConfig;
  nowMs?: () => number;
}

export function createBudgetGovernor(deps: GovernorDeps): BudgetGovernor {
  return {
    admit: async (work) => {
      const [usage, load] = await Promise.all([deps.readUsage(), deps.readLoad()]);
      const admission = decideAdmission(work, usage, load, deps.policy, deps.nowMs?.() ?? Date.now());
      if (!admission.go) budgetHolds.inc({ work, kind: admission.kind });
      return admission;
    },
  };
}

/** Live jobs due now on both queues, and open incidents: what a backfill gives way to. */
export async function readLiveLoad(db: Knex, queueSchema: string): Promise<LiveLoad> {
  let liveQueued = 0;
  try {
    const result = await db.raw<{ rows: Array<{ count: string | number }> }>(
      `SELECT count(*) AS count FROM "${queueSchema}".job WHERE name = ANY(?) AND state IN ('created', 'retry') AND start_after <= now()`,
      [Object.values(QUEUES)],
    );
    liveQueued = Number(result.rows[0]?.count ?? 0);
  } catch {
    // No queue schema yet (no service has run on this database): nothing live waits.
  }
  const urgent = Number(((await db('incidents').whereNull('resolved_at').count({ count: '*' }).first()) as { count?: string | number } | undefined)?.count ?? 0);
  return { liveQueued, urgent };
}

/** The governor of a database: `api_usage` for the budgets, the queues and incidents for the load. */
export function createDatabaseGovernor(db: Knex, queueSchema: string, policy: BudgetConfig): BudgetGovernor {
  return createBudgetGovernor({ readUsage: () => readApiUsage(db), readLoad: () => readLiveLoad(db, queueSchema), policy });
}

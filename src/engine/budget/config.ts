/** `budget:` in sync.yaml: how much of the daily API allocation background work may spend. */
import { z } from 'zod';

const share = z.number().gt(0, 'expected a share above 0 (0.8 = 80 %)').max(1, 'expected a share of at most 1 (1 = 100 %)');

export const budgetSchema = z
  .object({
    /** Share of a system's daily allocation at which a backfill stops until the next day (default 0.8). */
    backfillShare: share.default(0.8),
    /** Share at which the periodic polls are skipped (webhooks still carry live changes; default 0.95). */
    pollShare: share.default(0.95),
    /** Seconds a backfill (or poll) that gave way waits before it asks again (default 5). */
    yieldSeconds: z.number().int().min(1).max(3_600).default(5),
    /** Live jobs queued at which a backfill gives way (default 50): the workers are behind, the backfill waits. */
    backfillYieldBacklog: z.number().int().min(1).default(50),
    /** Live jobs queued at which a poll gives way (default 400: two full batches). */
    pollYieldBacklog: z.number().int().min(1).default(400),
    /** Polls skipped in a row at most; the next one runs whatever the load, so the safety net holds (default 10). */
    maxSkippedPolls: z.number().int().min(0).default(10),
  })
  .strict()
  .refine((b) => b.backfillShare <= b.pollShare, { message: 'backfillShare must not exceed pollShare: the backfill stops before the polls do', path: ['backfillShare'] });

export type BudgetConfig = z.infer<typeof budgetSchema>;

export const DEFAULT_BUDGET: BudgetConfig = budgetSchema.parse({});

/**
 * `backfill` in sync.yaml: when a backfill reads its cases through a Salesforce Bulk API 2.0 query
 * job instead of paged SOQL, and how many sync passes it runs at once.
 */
import { z } from 'zod';

export const backfillSchema = z
  .object({
    /**
     * A backfill that would examine more cases than this reads them with one Bulk API 2.0 query job
     * (default 2,000: below it, paged REST queries cost fewer calls). 0 always uses Bulk API.
     */
    bulkAbove: z.number().int().min(0).default(2000),
    /** Records per set of Bulk API results (`maxRecords`, default 10,000): bounds what one read holds in memory. */
    bulkPageRecords: z.number().int().min(100).max(100_000).default(10_000),
    /** Milliseconds between polls of a Bulk API query job (default 2,000). */
    bulkPollMs: z.number().int().min(10).max(60_000).default(2000),
    /** Minutes to wait for a Bulk API query job to complete before the backfill gives up (default 30). */
    bulkTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /**
     * Sync passes of 200 cases a bulk backfill runs at once (default 4). Each pass creates its issues
     * in Jira bulk creates of 50; a pass a rate limit refused waits its Retry-After and goes again.
     */
    concurrency: z.number().int().min(1).max(32).default(4),
    /**
     * How far the heap may grow past what the last full GC left while a backfill runs, in percent
     * (default 50: V8 collects once the old generation is 1.5x its live size). On a large machine V8
     * alone lets it reach up to 4x, which was most of a backfill's peak memory. Not a limit: a backfill
     * that needs more still gets it. 0 leaves V8's own choice (and any --heap-growing-percent given
     * in NODE_OPTIONS) alone. See src/engine/backfill-heap.ts.
     */
    heapGrowthPercent: z.number().int().min(0).max(300).default(50),
  })
  .strict();

export type BackfillConfig = z.infer<typeof backfillSchema>;

export const DEFAULT_BACKFILL: BackfillConfig = { bulkAbove: 2000, bulkPageRecords: 10_000, bulkPollMs: 2000, bulkTimeoutMinutes: 30, concurrency: 4, heapGrowthPercent: 50 };

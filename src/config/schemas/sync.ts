/**
 * `sync.yaml`: which cases mirror to Jira, where they go, which fields flow which way, and how
 * statuses map between the two systems. The case conditions and routing rules are in
 * sync-routing.ts, the field mappings in sync-fields.ts, the cross-field checks in sync-checks.ts.
 */
import { z } from 'zod';
import { describe } from '../plain-messages.js';
import { budgetSchema, DEFAULT_BUDGET } from '../../engine/budget/config.js';
import { backfillSchema, DEFAULT_BACKFILL } from './sync-backfill.js';
import { fieldMapping, salesforceFieldName } from './sync-fields.js';
import { caseRule, routingRule, target } from './sync-routing.js';

const jiraToCase = z
  .object({
    /** Shown to agents in the Jira status field of the case. */
    display: z.string().min(1),
    /** Optionally move the case itself; omitted means the case Status is left alone. */
    caseStatus: z.string().min(1).optional(),
  })
  .strict();

/** `ignore` states explicitly that a case status does not move the Jira issue. */
const caseToJira = z.union([z.literal('ignore'), z.object({ jiraStatus: z.string().min(1) }).strict()], {
  // Named here: an empty mapping would otherwise be refused without saying it needs jiraStatus.
  error: (issue) => `expected ignore or { jiraStatus: NAME } with NAME one of jira.statuses, got ${describe(issue.input)}`,
});

export const syncFileSchema = z
  .object({
    salesforce: z
      .object({
        /** Username of the integration user: changes it made are casebridge's own and never echo. */
        integrationUsername: z.string().email(),
        /** Every Case Status picklist value in the org; the status maps must cover them all. */
        caseStatuses: z.array(z.string().min(1)).min(1),
        /** Seconds between SOQL polls (default 30). */
        pollIntervalSeconds: z.number().int().min(5).max(3600).default(30),
        /** Seconds the poll re-reads behind its cursor to catch late commits (default 120). */
        pollOverlapSeconds: z.number().int().min(0).max(3600).default(120),
        /** Organization id expected on Outbound Messages; others are refused. */
        organizationId: z
          .string()
          .regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'expected an 18- or 15-character Organization Id starting with 00D')
          .optional(),
        /**
         * Outbound Message push (`POST /webhooks/salesforce`): on by default; production mode then
         * needs `organizationId`. `false`: the endpoint is not served and the poll alone finds changes.
         */
        push: z.boolean().default(true),
      })
      .strict(),
    jira: z
      .object({
        /** Email of the Jira API user: changes it made are casebridge's own. */
        integrationEmail: z.string().email(),
        /** Every status in the workflows casebridge touches; the status maps must cover them all. */
        statuses: z.array(z.string().min(1)).min(1),
        pollIntervalSeconds: z.number().int().min(5).max(3600).default(60),
        pollOverlapSeconds: z.number().int().min(0).max(3600).default(120),
        /** Label carrying the case id on each issue; `{caseId}` is replaced. Searchable for recovery. */
        caseLabel: z
          .string()
          .regex(/^\S*\{caseId\}\S*$/, 'must contain {caseId} and no spaces')
          .default('sfcase-{caseId}'),
        /**
         * Jira bulk creates (`POST /rest/api/3/issue/bulk`, ≤50 issues each) one process has in flight
         * at once, across all its passes (a backfill runs `backfill.concurrency` passes). After a 429 no
         * bulk create starts before its `Retry-After` (or `X-RateLimit-Reset`). Default 4.
         */
        bulkCreateConcurrency: z.number().int().min(1).max(32).default(4),
      })
      .strict(),
    mirror: z
      .object({
        /** Which cases get a Jira issue. */
        when: caseRule,
        /** The case field where agents type an existing issue key to link instead of create. */
        jiraKeyField: salesforceFieldName.default('Jira_Key__c'),
      })
      .strict(),
    routing: z.object({ default: target, rules: z.array(routingRule).default([]) }).strict(),
    fields: z.array(fieldMapping).default([]),
    statusMap: z
      .object({
        toSalesforce: z.record(z.string(), jiraToCase),
        toJira: z.record(z.string(), caseToJira),
      })
      .strict(),
    comments: z
      .object({
        /** Public case comments become Jira comments. */
        toJira: z.object({ enabled: z.boolean().default(true), prefix: z.string().default('') }).strict(),
        /** Jira comments become case comments only when they match. */
        toSalesforce: z
          .object({
            enabled: z.boolean().default(true),
            /** A comment starting with this text is mirrored (the prefix is removed). */
            prefix: z.string().min(1).optional(),
            /** Or: comments without restricted visibility are mirrored. */
            publicOnly: z.boolean().default(false),
          })
          .strict(),
      })
      .strict(),
    engine: z
      .object({
        /**
         * Seconds a create intent is protected before another worker may take it over and search
         * for the case label (default 300). Keep it well above the HTTP timeout and Jira's search
         * index delay: a shorter lease risks a duplicate issue after a crash.
         */
        createLeaseSeconds: z.number().int().min(1).max(86_400).default(300),
        /** Jobs processed per batch (default 200: one sObject Collection, four Jira bulk creates). */
        batchSize: z.number().int().min(1).max(200).default(200),
        /**
         * Milliseconds from the first job queued to the fetch that takes it: a worker takes a batch
         * when its oldest waiting job is this old (or the batch is full), so batches grow with the
         * load and a change waits at most this plus one batch. Default 250: at 100 changes/s and 50 ms
         * per call, p99 432 ms with batches of 26 (25: p99 ~300 ms, batches of 15, twice the calls).
         */
        gatherMs: z.number().int().min(0).max(5_000).default(250),
        /**
         * Batches one process runs at once per queue (default 1). With 2, a change arriving while a
         * batch is out waits only `gatherMs` instead of that batch's API calls: sooner on the push
         * path, at the price of smaller batches (more API calls per 1,000 changes). One record is
         * still never in two batches at once (the queue allows one active job per record).
         */
        batchesAtOnce: z.number().int().min(1).max(8).default(1),
      })
      .strict()
      .default({ createLeaseSeconds: 300, batchSize: 200, gatherMs: 250, batchesAtOnce: 1 }),
    /** The API-budget governor: what background work (backfill, polls) may spend of the daily allocations. */
    budget: budgetSchema.default(DEFAULT_BUDGET),
    /** Large backfills: Bulk API 2.0 above a threshold, passes at once (sync-backfill.ts). */
    backfill: backfillSchema.default(DEFAULT_BACKFILL),
    retries: z
      .object({
        maxAttempts: z.number().int().min(1).max(50).default(8),
        baseDelayMs: z.number().int().min(10).default(500),
        maxDelayMs: z.number().int().min(100).default(300_000),
      })
      .strict()
      // The backoff is min(maxDelayMs, baseDelayMs × 2^n): a ceiling under the base flattens it silently.
      .refine((r) => r.maxDelayMs >= r.baseDelayMs, {
        path: ['maxDelayMs'],
        error: (issue) => {
          const r = issue.input as { baseDelayMs: number; maxDelayMs: number };
          return `maxDelayMs (${r.maxDelayMs}) is below baseDelayMs (${r.baseDelayMs}); expected the longest wait to be at least the first`;
        },
      })
      .default({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 300_000 }),
  })
  .strict();

export type SyncConfig = z.infer<typeof syncFileSchema>;

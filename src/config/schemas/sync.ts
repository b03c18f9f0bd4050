/**
 * `sync.yaml`: which cases mirror to Jira, where they go, which fields flow which way, and how
 * statuses map between the two systems.
 */
import { z } from 'zod';
import { PROJECT_KEY_PATTERN } from '../../domain/jira-keys.js';
import type { ConfigIssue } from '../issues.js';
import { budgetSchema, DEFAULT_BUDGET } from '../../engine/budget/config.js';
import { backfillSchema, DEFAULT_BACKFILL } from './sync-backfill.js';

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/, 'expected a Salesforce field API name such as Escalate_to_Jira__c');
const projectKey = z.string().regex(PROJECT_KEY_PATTERN, 'expected a Jira project key such as DRV (an upper-case letter, then upper-case letters, digits or _)');
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One test on a case field; exactly one operator. */
const fieldCondition = z
  .object({
    field: fieldName,
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    notIn: z.array(scalar).min(1).optional(),
    isSet: z.boolean().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.notIn, c.isSet].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of equals, in, notIn, isSet',
  });

/** Conditions combined: every entry of `all` and at least one of `any` (when given). */
const caseRule = z
  .object({ all: z.array(fieldCondition).optional(), any: z.array(fieldCondition).optional() })
  .strict()
  .refine((r) => (r.all?.length ?? 0) + (r.any?.length ?? 0) > 0, { message: 'give at least one condition in all or any' });

const target = z
  .object({
    project: projectKey,
    issueType: z.string().min(1),
    components: z.array(z.string().min(1)).default([]),
    labels: z.array(z.string().regex(/^\S+$/, 'Jira labels cannot contain spaces')).default([]),
    /** Jira accountId of the default assignee; unassigned when absent. */
    assigneeAccountId: z.string().min(1).optional(),
  })
  .strict();

const routingRule = z
  .object({
    name: z.string().min(1),
    /** Matches on the classified topic and/or case fields. */
    topics: z.array(z.string().min(1)).min(1).optional(),
    when: caseRule.optional(),
    target: target.partial({ issueType: true }).extend({ project: projectKey }).strict(),
  })
  .strict();

const direction = z.enum(['toJira', 'toSalesforce', 'both']);

/** Jira system fields a mapping may name by id; anything else names a custom field. */
export const JIRA_SYSTEM_FIELD_IDS = ['summary', 'description', 'priority', 'labels', 'duedate', 'assignee', 'fixVersions', 'status', 'key', 'url', 'updated'] as const;

/** A custom field's id as Jira assigns it (site-specific: config normally names fields). */
export const jiraCustomFieldId = z.string().regex(/^customfield_\d+$/, 'expected a Jira custom field id: customfield_ followed by digits');

const fieldMapping = z
  .object({
    salesforce: fieldName,
    /**
     * A Jira system field id (`summary`, `description`, `priority`, `labels`, `duedate`, `assignee`,
     * `fixVersions`, `status`, `key`, `url`, `updated`) or a custom field's name as Jira shows it
     * (`Customer Tier`). Names are resolved to ids from `GET /rest/api/3/field` at start; from then
     * on this holds the id.
     */
    jira: z.string().trim().min(1, 'expected a Jira field: a system field id such as summary, or a custom field name such as Customer Tier'),
    /** Optionally pins the custom field's id when its name is not unique on the site; checked against the name. */
    jiraId: jiraCustomFieldId.optional(),
    /**
     * How much text the custom field takes: `line` (single-line text, 255 characters) or `long`
     * (multi-line text, 32,767). Set at start from the field's type in Jira; a longer value is cut
     * with a marker naming the case. Unknown: `line`.
     */
    jiraText: z.enum(['line', 'long']).optional(),
    direction,
    /** Value translation for enumerations such as priority; keys are the source side's values. */
    values: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** Whether a mapping's `jira` names a system field (by id) rather than a custom field. */
export function isJiraSystemField(jira: string): boolean {
  return (JIRA_SYSTEM_FIELD_IDS as readonly string[]).includes(jira);
}

const jiraToCase = z
  .object({
    /** Shown to agents in the Jira status field of the case. */
    display: z.string().min(1),
    /** Optionally move the case itself; omitted means the case Status is left alone. */
    caseStatus: z.string().min(1).optional(),
  })
  .strict();

/** `ignore` states explicitly that a case status does not move the Jira issue. */
const caseToJira = z.union([z.literal('ignore'), z.object({ jiraStatus: z.string().min(1) }).strict()]);

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
        jiraKeyField: fieldName.default('Jira_Key__c'),
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
      .default({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 300_000 }),
  })
  .strict();

export type SyncConfig = z.infer<typeof syncFileSchema>;

/** Cross-field checks: the status maps are total and name only statuses that exist. */
export function checkSync(config: SyncConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const jiraStatuses = new Set(config.jira.statuses);
  const caseStatuses = new Set(config.salesforce.caseStatuses);

  for (const status of config.jira.statuses) {
    if (!(status in config.statusMap.toSalesforce)) {
      issues.push({ path: ['statusMap', 'toSalesforce'], message: `Jira status "${status}" has no mapping (the map must cover every status in jira.statuses)` });
    }
  }
  for (const [jiraStatus, mapping] of Object.entries(config.statusMap.toSalesforce)) {
    if (!jiraStatuses.has(jiraStatus)) {
      issues.push({ path: ['statusMap', 'toSalesforce', jiraStatus], message: `unknown Jira status "${jiraStatus}" (not in jira.statuses)` });
    }
    if (mapping.caseStatus !== undefined && !caseStatuses.has(mapping.caseStatus)) {
      issues.push({ path: ['statusMap', 'toSalesforce', jiraStatus, 'caseStatus'], message: `unknown case status "${mapping.caseStatus}" (not in salesforce.caseStatuses)` });
    }
  }
  for (const status of config.salesforce.caseStatuses) {
    if (!(status in config.statusMap.toJira)) {
      issues.push({ path: ['statusMap', 'toJira'], message: `case status "${status}" has no mapping (map it to a Jira status or to ignore)` });
    }
  }
  for (const [caseStatus, mapping] of Object.entries(config.statusMap.toJira)) {
    if (!caseStatuses.has(caseStatus)) {
      issues.push({ path: ['statusMap', 'toJira', caseStatus], message: `unknown case status "${caseStatus}" (not in salesforce.caseStatuses)` });
    }
    if (mapping !== 'ignore' && !jiraStatuses.has(mapping.jiraStatus)) {
      issues.push({ path: ['statusMap', 'toJira', caseStatus, 'jiraStatus'], message: `unknown Jira status "${mapping.jiraStatus}" (not in jira.statuses)` });
    }
  }

  const seenMappings = new Map<string, number>();
  config.fields.forEach((mapping, index) => {
    const earlier = seenMappings.get(mapping.salesforce);
    if (earlier !== undefined && mapping.direction !== 'toJira') {
      issues.push({ path: ['fields', index, 'salesforce'], message: `field ${mapping.salesforce} is already written from Jira by fields[${earlier}]; two mappings would fight` });
    }
    if (mapping.direction !== 'toJira') seenMappings.set(mapping.salesforce, index);
    if (mapping.jiraId !== undefined && isJiraSystemField(mapping.jira)) {
      issues.push({ path: ['fields', index, 'jiraId'], message: `${mapping.jira} is a Jira system field; jiraId is only for custom fields named by their name` });
    }
  });

  const ruleNames = new Set<string>();
  config.routing.rules.forEach((rule, index) => {
    if (ruleNames.has(rule.name)) issues.push({ path: ['routing', 'rules', index, 'name'], message: `duplicate routing rule name "${rule.name}"` });
    ruleNames.add(rule.name);
    if (!rule.topics && !rule.when) issues.push({ path: ['routing', 'rules', index], message: 'a routing rule needs topics or when (otherwise it always matches: use routing.default)' });
  });
  return issues;
}

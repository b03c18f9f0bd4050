/**
 * `mirror.when` and `routing` in sync.yaml: the conditions on case fields that pick which cases get
 * a Jira issue, and the rules that pick its project, issue type, components and labels. Apart from
 * sync.ts: the shapes of a condition and of a target, which mirror, routing rules and the routing
 * default are built from.
 */
import { z } from 'zod';
import { PROJECT_KEY_PATTERN } from '../../domain/jira-keys.js';
import { salesforceFieldName } from './sync-fields.js';

const projectKey = z.string().regex(PROJECT_KEY_PATTERN, 'expected a Jira project key such as DRV (an upper-case letter, then upper-case letters, digits or _)');
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One test on a case field; exactly one operator. */
const fieldCondition = z
  .object({
    field: salesforceFieldName,
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
export const caseRule = z
  .object({ all: z.array(fieldCondition).optional(), any: z.array(fieldCondition).optional() })
  .strict()
  .refine((r) => (r.all?.length ?? 0) + (r.any?.length ?? 0) > 0, { message: 'give at least one condition in all or any' });

export const target = z
  .object({
    project: projectKey,
    issueType: z.string().min(1),
    components: z.array(z.string().min(1)).default([]),
    labels: z.array(z.string().regex(/^\S+$/, 'Jira labels cannot contain spaces')).default([]),
    /** Jira accountId of the default assignee; unassigned when absent. */
    assigneeAccountId: z.string().min(1).optional(),
  })
  .strict();

export const routingRule = z
  .object({
    name: z.string().min(1),
    /** Matches on the classified topic and/or case fields. */
    topics: z.array(z.string().min(1)).min(1).optional(),
    when: caseRule.optional(),
    target: target.partial({ issueType: true }).extend({ project: projectKey }).strict(),
  })
  .strict();

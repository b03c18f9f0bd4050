/**
 * `fields` in sync.yaml: which case field flows to which Jira field, in which direction, and the
 * Salesforce field names the rest of the file shares. Apart from sync.ts because the runtime and the
 * engine ask these rules too (is a mapping's Jira field a system field or a custom one).
 */
import { z } from 'zod';
import { salesforceField } from './salesforce-field.js';

/** A Salesforce field API name, optionally through one relationship (`Account.Name`). */
export const salesforceFieldName = salesforceField('Escalate_to_Jira__c', { relationship: true });

const direction = z.enum(['toJira', 'toSalesforce', 'both']);

/** Jira system fields a mapping may name by id; anything else names a custom field. */
export const JIRA_SYSTEM_FIELD_IDS = ['summary', 'description', 'priority', 'labels', 'duedate', 'assignee', 'fixVersions', 'status', 'key', 'url', 'updated'] as const;

/** A custom field's id as Jira assigns it (site-specific: config normally names fields). */
export const jiraCustomFieldId = z.string().regex(/^customfield_\d+$/, 'expected a Jira custom field id: customfield_ followed by digits');

export const fieldMapping = z
  .object({
    salesforce: salesforceFieldName,
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

/**
 * `incidents.yaml`: when cases open an incident, the Jira project and fields incidents use, how
 * linked cases are told about the resolution, the RCA stages created on resolution and whether
 * closing with open sub-tasks is blocked. Services and their on-call chains are in owners.yaml.
 */
import { z } from 'zod';
import { PROJECT_KEY_PATTERN } from '../../domain/jira-keys.js';
import type { ConfigIssue } from '../issues.js';
import { stakeholdersSchema } from './incident-stakeholders.js';
import { salesforceField } from './salesforce-field.js';

const projectKey = z.string().regex(PROJECT_KEY_PATTERN, 'expected a Jira project key such as INC (an upper-case letter, then upper-case letters, digits or _)');
/** A Jira custom field by its name as Jira shows it; resolved to its id at start. */
const customFieldName = z.string().trim().min(1, 'expected a Jira custom field name such as Severity');
const customFieldId = z.string().regex(/^customfield_\d+$/, 'expected a Jira custom field id: customfield_ followed by digits');
const sfField = salesforceField('Incident_Key__c');
const status = z.string().min(1);

const rcaStage = z
  .object({
    /** Sub-task summary prefix and stage name, e.g. `Initial RCA`. Unique. */
    name: z.string().min(1),
    /** Hours after the resolution the stage is due (1..720). */
    dueHours: z.number().int().min(1).max(720),
    /** Who it is assigned to: the incident manager from `rca.incidentManager`, or the service's owner. */
    assignee: z.enum(['incidentManager', 'serviceOwner']),
  })
  .strict();

export const incidentsFileSchema = z
  .object({
    jira: z
      .object({
        /** The incidents project (default INC). */
        project: projectKey.default('INC'),
        /** Issue type of incidents (default `Incident`). */
        issueType: z.string().min(1).default('Incident'),
        /** Issue type of RCA stages and action items (default `Sub-task`). */
        subtaskType: z.string().min(1).default('Sub-task'),
        /**
         * The incident fields, by their names in Jira (defaults: Affected Service, Severity, Started At,
         * Linked Cases, Corporate Accounts Affected). Resolved to ids from `GET /rest/api/3/field` at
         * start; from then on these hold the ids.
         */
        fields: z
          .object({
            affectedService: customFieldName.default('Affected Service'),
            severity: customFieldName.default('Severity'),
            startedAt: customFieldName.default('Started At'),
            linkedCases: customFieldName.default('Linked Cases'),
            corporateAccountsAffected: customFieldName.default('Corporate Accounts Affected'),
          })
          .strict()
          .default({ affectedService: 'Affected Service', severity: 'Severity', startedAt: 'Started At', linkedCases: 'Linked Cases', corporateAccountsAffected: 'Corporate Accounts Affected' }),
        /** Optionally pins a field's id when its name is not unique on the site; checked against the name. */
        fieldIds: z
          .object({
            affectedService: customFieldId.optional(),
            severity: customFieldId.optional(),
            startedAt: customFieldId.optional(),
            linkedCases: customFieldId.optional(),
            corporateAccountsAffected: customFieldId.optional(),
          })
          .strict()
          .default({}),
        /** Statuses that count as acknowledged (the escalation stops). Assigning someone else also counts. */
        acknowledgedStatuses: z.array(status).min(1),
        /**
         * What an acknowledgement made outside Jira (the console, PagerDuty) does to the incident issue:
         * `moveTo` one of `acknowledgedStatuses` (skipped when the issue is in one already, or resolved),
         * and a `comment` (placeholders `{by}`, `{via}`, `{at}`). Absent: the issue is left as it is.
         */
        onAcknowledged: z
          .object({ moveTo: status.optional(), comment: z.string().min(1).optional() })
          .strict()
          .optional(),
        /** Statuses meaning the incident is resolved: linked cases are told, RCA stages created. */
        resolvedStatuses: z.array(status).min(1),
        /** The closed status that open sub-tasks guard. */
        closedStatus: status.default('Closed'),
        /** Sub-task statuses that count as finished (default `[Done]`). */
        subtaskDoneStatuses: z.array(status).min(1).default(['Done']),
        /** Seconds between polls of the incidents project (default 60). */
        pollIntervalSeconds: z.number().int().min(5).max(3600).default(60),
      })
      .strict(),
    opening: z
      .object({
        /** Case priorities that open an incident on their own (default `[P1]`). */
        priorities: z.array(z.string().min(1)).default(['P1']),
        /** Topics whose P1 cases do not open incidents alone (one customer's emergency, not an outage). Default none. */
        priorityExcludedTopics: z.array(z.string().min(1)).default([]),
        /** A burst: at least `cases` new cases on one service within `withinMinutes` opens one. */
        burst: z.object({ cases: z.number().int().min(2).max(10_000), withinMinutes: z.number().int().min(1).max(1440) }).strict(),
        /** Case priority → severity of the incident it opens; a burst opens `burstSeverity`. */
        severityByPriority: z.record(z.string(), z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4'])).default({ P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4' }),
        burstSeverity: z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']).default('SEV2'),
        /** Case tiers counted as corporate accounts (default Corporate, VIP). */
        corporateTiers: z.array(z.string().min(1)).default(['Corporate', 'VIP']),
      })
      .strict(),
    cases: z
      .object({
        /** Case field that shows the incident key; an agent typing a key there links the case. */
        incidentKeyField: sfField.default('Incident_Key__c'),
        /** Case field that shows the incident status. Absent: the status is not written to cases. */
        incidentStatusField: sfField.optional(),
        /** Case status set when the incident is resolved. Absent: the case status is left alone. */
        resolvedCaseStatus: z.string().min(1).optional(),
        /**
         * Public comment posted on every linked case when the incident is resolved. Placeholders:
         * `{key}`, `{service}`, `{status}`, `{resolvedAt}`.
         */
        resolutionComment: z.string().min(1),
      })
      .strict(),
    rca: z
      .object({
        /** Contact id (owners.yaml) of the incident manager. */
        incidentManager: z.string().min(1),
        /** Stages created as sub-tasks when the incident is resolved. */
        stages: z.array(rcaStage).min(1),
        /** What happens when an incident is closed with open sub-tasks: moved back (`block`) or only commented (`warn`). */
        closeWithOpenSubtasks: z.enum(['block', 'warn']).default('block'),
      })
      .strict(),
    /** Business-facing updates to stakeholders (incident-stakeholders.ts). Absent: none are sent. */
    stakeholders: stakeholdersSchema.optional(),
  })
  .strict();

export type IncidentsConfig = z.infer<typeof incidentsFileSchema>;

/** Stage names unique; the statuses lists do not contradict each other. */
export function checkIncidents(config: IncidentsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  config.rca.stages.forEach((stage, index) => {
    if (seen.has(stage.name)) issues.push({ path: ['rca', 'stages', index, 'name'], message: `duplicate RCA stage "${stage.name}"` });
    seen.add(stage.name);
  });
  const { jira } = config;
  jira.acknowledgedStatuses.forEach((s, index) => {
    if (s === jira.closedStatus) issues.push({ path: ['jira', 'acknowledgedStatuses', index], message: `"${s}" is the closed status; acknowledged statuses are the working ones` });
  });
  const moveTo = jira.onAcknowledged?.moveTo;
  if (moveTo !== undefined && !jira.acknowledgedStatuses.includes(moveTo)) {
    issues.push({ path: ['jira', 'onAcknowledged', 'moveTo'], message: `"${moveTo}" is not one of acknowledgedStatuses (${jira.acknowledgedStatuses.join(', ')})` });
  }
  if (jira.resolvedStatuses.includes(jira.closedStatus)) {
    issues.push({ path: ['jira', 'resolvedStatuses'], message: `"${jira.closedStatus}" is the closed status; list the status reached before closing (e.g. Resolved)` });
  }
  return issues;
}

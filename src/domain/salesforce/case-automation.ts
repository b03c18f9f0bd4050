/**
 * The rest of the Salesforce side casebridge relies on, beside its custom fields: the Case Priority
 * values, the Outbound Message that pushes changed cases, and the permission sets' names. The SFDX
 * project (`salesforce/`) and the emulator are built from these, as from `case-fields.ts`.
 */
import type { PicklistValue } from './case-field-types.js';

/**
 * Case Priority values (the standard value set CasePriority). casebridge's priority rules, SLA
 * policies, incident openings and Jira priority map speak P1–P4, so the org uses them as they are
 * instead of the standard High/Medium/Low.
 */
export const CASE_PRIORITY_VALUES = [
  { value: 'P1', label: 'P1' },
  { value: 'P2', label: 'P2' },
  { value: 'P3', label: 'P3' },
  { value: 'P4', label: 'P4' },
] as const satisfies readonly PicklistValue[];

/** The priority a new case gets when nobody chooses one. */
export const DEFAULT_CASE_PRIORITY: (typeof CASE_PRIORITY_VALUES)[number]['value'] = 'P3';

/** The Outbound Message (a workflow action on Case) the Flow sends for every created or changed case. */
export const CASE_OUTBOUND_MESSAGE = {
  /** Developer name (the Flow's action refers to it as `Case.<name>`). */
  name: 'Casebridge_Case_Changed',
  label: 'casebridge: case changed',
  /** Path under the deployment's base URL that answers Outbound Messages (src/http/webhooks/salesforce.ts). */
  path: '/webhooks/salesforce',
  /**
   * Case fields each notification carries. casebridge needs only Id (it reads the case again
   * through the API); the others make a message readable in logs and in Salesforce's delivery queue.
   */
  fields: [
    'Id',
    'CaseNumber',
    'Subject',
    'Status',
    'Priority',
    'IsClosed',
    'AccountId',
    'OwnerId',
    'Escalate_to_Jira__c',
    'Jira_Key__c',
    'Topic__c',
    'Region__c',
    'Customer_Tier__c',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
  ],
} as const;

/** The record-triggered Flow that sends the Outbound Message. */
export const CASE_CHANGED_FLOW = {
  name: 'Casebridge_Case_Changed',
  label: 'casebridge: push changed cases',
} as const;

/** Permission set for the integration user casebridge runs as. */
export const INTEGRATION_PERMISSION_SET = 'Casebridge_Integration';
/** Permission set for support agents working escalated cases. */
export const AGENT_PERMISSION_SET = 'Casebridge_Agent';

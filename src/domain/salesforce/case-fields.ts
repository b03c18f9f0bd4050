/**
 * The Case custom fields casebridge reads or writes: the one definition that the SFDX project in
 * `salesforce/` is generated from (`npm run sfdx:generate`) and that the Salesforce emulator builds
 * its Case schema from. Types are Metadata API CustomField types; values are picklist API names.
 * Order is the order of the emulator's describe and of the generated files' listings.
 */

import { ISSUE_KEY_SOURCE } from '../jira-keys.js';
import { LANGUAGE_VALUES, PRIORITY_SOURCE_VALUES, REGION_VALUES, SLA_STATUS_VALUES, TIER_VALUES, TOPIC_VALUES } from './case-field-types.js';
import type { CaseCustomField, FieldFormatRule } from './case-field-types.js';

const JIRA_KEY_FORMAT: FieldFormatRule = {
  name: 'Casebridge_Jira_Key_Format',
  // The one issue-key rule (underscores allowed; no zero or leading-zero number), whole value.
  pattern: ISSUE_KEY_SOURCE,
  message: 'Jira Key must look like PROJ-123 (upper-case project key, a dash, a number) or be empty',
};

const WRITTEN_BY_CASEBRIDGE = 'Written by casebridge; do not edit.';

/** Every Case custom field casebridge reads or writes. */
export const CASE_CUSTOM_FIELDS: readonly CaseCustomField[] = [
  {
    apiName: 'Escalate_to_Jira__c',
    label: 'Escalate to Jira',
    type: 'Checkbox',
    defaultChecked: false,
    writer: 'agent',
    helpText: 'Tick to have casebridge open (or link) a Jira issue for this case. P1 cases are escalated without it.',
    description: 'casebridge mirrors a case to Jira when this is ticked (mirror.when in sync.yaml).',
  },
  {
    apiName: 'Jira_Key__c',
    label: 'Jira Key',
    type: 'Text',
    length: 32,
    writer: 'both',
    format: JIRA_KEY_FORMAT,
    helpText: 'Key of the Jira issue this case is mirrored to, e.g. DRV-123. casebridge fills it in; type the key of an existing issue to link the case to that issue instead.',
    description: 'casebridge writes the key of the linked Jira issue (mirror.jiraKeyField in sync.yaml); a key typed by a person links or relinks the case.',
  },
  {
    apiName: 'Jira_Status__c',
    label: 'Jira Status',
    type: 'Text',
    length: 80,
    writer: 'casebridge',
    helpText: `Where development stands on the linked Jira issue. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'The Jira status as shown to agents (statusMap.toSalesforce display in sync.yaml).',
  },
  {
    apiName: 'Jira_Assignee__c',
    label: 'Jira Assignee',
    type: 'Text',
    length: 120,
    writer: 'casebridge',
    helpText: `Developer assigned to the linked Jira issue. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Display name of the Jira assignee, written by casebridge.',
  },
  {
    apiName: 'Jira_URL__c',
    label: 'Jira URL',
    type: 'Url',
    writer: 'casebridge',
    helpText: `Link to the Jira issue. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Browse URL of the linked Jira issue, written by casebridge.',
  },
  {
    apiName: 'Jira_Fix_Version__c',
    label: 'Jira Fix Version',
    type: 'Text',
    length: 80,
    writer: 'casebridge',
    helpText: `Release that will carry the fix, when development has planned one. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Fix versions of the linked Jira issue, comma-separated, written by casebridge.',
  },
  {
    apiName: 'Jira_Last_Updated__c',
    label: 'Jira Last Updated',
    type: 'DateTime',
    writer: 'casebridge',
    helpText: `When the linked Jira issue last changed. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Updated time of the linked Jira issue, written by casebridge.',
  },
  {
    apiName: 'SLA_Status__c',
    label: 'SLA Status',
    type: 'Picklist',
    values: SLA_STATUS_VALUES,
    writer: 'casebridge',
    helpText: `State of the case's SLA clock (sla.yaml): running, at risk, paused, breached or met. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'SLA state computed by casebridge from the status history and the policies of sla.yaml.',
  },
  {
    apiName: 'SLA_Due__c',
    label: 'SLA Due',
    type: 'DateTime',
    writer: 'casebridge',
    helpText: `When the running SLA target falls due. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Due time of the next SLA target, written by casebridge.',
  },
  {
    apiName: 'Incident_Key__c',
    label: 'Incident Key',
    type: 'Text',
    length: 32,
    writer: 'casebridge',
    helpText: `Jira key of the incident this case belongs to. ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Incident issue key (incidentKeyField in incidents.yaml), written by casebridge.',
  },
  {
    apiName: 'Incident_Status__c',
    label: 'Incident Status',
    type: 'Text',
    length: 40,
    writer: 'casebridge',
    helpText: `Where that incident stands (for example open or resolved). ${WRITTEN_BY_CASEBRIDGE}`,
    description: 'Incident status (incidentStatusField in incidents.yaml), written by casebridge.',
  },
  {
    apiName: 'Topic__c',
    label: 'Topic',
    type: 'Picklist',
    values: TOPIC_VALUES,
    writer: 'both',
    helpText: 'What the case is about; decides the Jira project. casebridge sets it on new cases; correct it if wrong.',
    description: 'Topic from classification.yaml; casebridge classifies cases that have none, and routes by it (routing in sync.yaml).',
  },
  {
    apiName: 'Region__c',
    label: 'Region',
    type: 'Picklist',
    values: REGION_VALUES,
    writer: 'agent',
    helpText: "Country of the customer; decides the business calendar of the case's SLA.",
    description: 'Read by casebridge for SLA calendars (calendar: region in sla.yaml), reports and classification.',
  },
  {
    apiName: 'Customer_Tier__c',
    label: 'Customer Tier',
    type: 'Picklist',
    values: TIER_VALUES,
    writer: 'agent',
    helpText: 'Private, Corporate or VIP customer; decides SLA targets and priority.',
    description: 'Read by casebridge for priority rules, SLA policies, incident impact, and sent to Jira.',
  },
  {
    apiName: 'Priority_Source__c',
    label: 'Priority Source',
    type: 'Picklist',
    values: PRIORITY_SOURCE_VALUES,
    writer: 'both',
    helpText: "Who set the priority. Choose 'Set by a person' to keep casebridge from changing it.",
    description: 'casebridge sets it to casebridge when it sets Priority; a human priority is never overridden.',
  },
  {
    apiName: 'Language__c',
    label: 'Language',
    type: 'Picklist',
    values: LANGUAGE_VALUES,
    writer: 'agent',
    helpText: 'Language the customer wrote in.',
    description: 'A hint for classification (languageHint); read by casebridge.',
  },
];

/** True when casebridge writes the field (it needs edit access to it). */
export function isWrittenByCasebridge(field: CaseCustomField): boolean {
  return field.writer !== 'agent';
}

/** True when agents may edit the field. */
export function isEditableByAgents(field: CaseCustomField): boolean {
  return field.writer !== 'casebridge';
}

/** Finds a field of the definition by API name, case-insensitively as Salesforce does. */
export function findCaseCustomField(apiName: string): CaseCustomField | undefined {
  const lower = apiName.toLowerCase();
  return CASE_CUSTOM_FIELDS.find((field) => field.apiName.toLowerCase() === lower);
}

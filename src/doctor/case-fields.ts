/**
 * The Case object as the org describes it, against what casebridge needs: every field it reads or
 * writes present with a compatible type, length and picklist values (the Case field definition in
 * domain/salesforce is the reference for casebridge's own fields), the Status picklist covering the
 * status map, and edit access (`updateable` in the describe of the integration user) to what it writes.
 * Pure: the describe is fetched by the caller.
 */
import type { FileConfigs } from '../config/load.js';
import { findCaseCustomField } from '../domain/salesforce/case-fields.js';
import type { CaseFieldType } from '../domain/salesforce/case-field-types.js';
import { CLASSIFICATION_FIELDS } from '../engine/classify-cases.js';
import { SLA_CASE_FIELDS } from '../engine/extensions/sla-extension.js';
import { INCIDENT_CASE_FIELDS } from '../engine/incidents/open-incidents.js';
import { caseFieldsToRead } from '../engine/read-fields.js';
import { CASE_SLA_FIELDS } from '../engine/sla/runtime.js';
import { checkOf } from './checks.js';
import type { CheckProblem, CheckResult } from './checks.js';

/** A field of `GET /sobjects/Case/describe` (the parts checked). */
export interface DescribedField {
  name: string;
  type: string;
  length?: number;
  updateable?: boolean;
  picklistValues?: ReadonlyArray<{ value: string; active?: boolean }>;
}

/** What the config makes casebridge read and write on cases. */
export interface CaseFieldNeeds {
  read: string[];
  written: string[];
  caseStatuses: string[];
  /** Priority values the config names (mapping keys), which the Priority picklist must have. */
  priorities: string[];
}

export function caseFieldNeeds(files: FileConfigs): CaseFieldNeeds {
  const sync = files.sync!;
  const incidentFields =
    files.incidents && files.owners
      ? [...INCIDENT_CASE_FIELDS, files.incidents.cases.incidentKeyField, ...(files.incidents.cases.incidentStatusField ? [files.incidents.cases.incidentStatusField] : [])]
      : [];
  const extra = [...(files.classification ? CLASSIFICATION_FIELDS : []), ...(files.sla ? SLA_CASE_FIELDS : []), ...incidentFields];
  const written = new Set<string>([sync.mirror.jiraKeyField]);
  for (const mapping of sync.fields) if (mapping.direction !== 'toJira') written.add(mapping.salesforce);
  if (Object.values(sync.statusMap.toSalesforce).some((m) => m.caseStatus !== undefined) || files.incidents?.cases.resolvedCaseStatus) written.add('Status');
  if (files.classification) for (const field of ['Topic__c', 'Priority', 'Priority_Source__c']) written.add(field);
  if (files.sla) for (const field of Object.values(CASE_SLA_FIELDS)) written.add(field);
  for (const field of incidentFields.slice(INCIDENT_CASE_FIELDS.length)) written.add(field);
  const priorityMapping = sync.fields.find((m) => m.salesforce === 'Priority' && m.direction === 'toJira');
  return {
    read: caseFieldsToRead(sync, extra),
    written: [...written],
    caseStatuses: sync.salesforce.caseStatuses,
    priorities: Object.keys(priorityMapping?.values ?? {}),
  };
}

/** Describe types that hold each definition type's values. */
const COMPATIBLE: Record<CaseFieldType, readonly string[]> = {
  Checkbox: ['boolean'],
  Text: ['string', 'textarea'],
  Url: ['url', 'string'],
  DateTime: ['datetime'],
  Picklist: ['picklist'],
};
const DEPLOY = 'deploy the SFDX project: cd salesforce, set CASEBRIDGE_URL and CASEBRIDGE_INTEGRATION_USERNAME, then sf project deploy start (salesforce/README.md)';
const activeValues = (field: DescribedField) => (field.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value);

/** Present, compatible type, long enough, picklist values present (a missing field is fatal for start). */
export function checkCaseFieldsPresent(described: readonly DescribedField[], needs: CaseFieldNeeds): CheckResult {
  const byName = new Map(described.map((f) => [f.name.toLowerCase(), f]));
  const missing: CheckProblem[] = [];
  const wrong: CheckProblem[] = [];
  for (const name of needs.read) {
    const field = byName.get(name.toLowerCase());
    const definition = findCaseCustomField(name);
    if (!field) {
      missing.push({ what: `${name} is missing from Case`, fix: definition ? DEPLOY : `create ${name} on Case, or take it out of the config` });
      continue;
    }
    if (!definition) continue;
    if (!COMPATIBLE[definition.type].includes(field.type)) {
      wrong.push({ what: `${name} is of type ${field.type}; casebridge needs ${definition.type}`, fix: `change ${name} to ${definition.type} (${DEPLOY})` });
    }
    if (definition.length !== undefined && field.length !== undefined && field.length < definition.length) {
      wrong.push({ what: `${name} holds ${field.length} characters; casebridge writes up to ${definition.length}`, fix: `raise the length of ${name} to ${definition.length}` });
    }
    const lacking = (definition.values ?? []).map((v) => v.value).filter((v) => !activeValues(field).includes(v));
    if (definition.type === 'Picklist' && lacking.length > 0) {
      wrong.push({ what: `${name} lacks the picklist values ${lacking.join(', ')}`, fix: `add them to ${name} (${DEPLOY})` });
    }
  }
  const custom = needs.read.filter((n) => n.endsWith('__c')).length;
  return checkOf('Salesforce Case fields', `${needs.read.length} fields present (${custom} custom) with compatible types, lengths and picklist values`, [...missing, ...wrong], missing.length > 0);
}

/** The Status picklist and salesforce.caseStatuses agree both ways; the Priority picklist has the mapped values. */
export function checkCasePicklists(described: readonly DescribedField[], needs: CaseFieldNeeds): CheckResult {
  const problems: CheckProblem[] = [];
  const status = described.find((f) => f.name === 'Status');
  const statusValues = status ? activeValues(status) : [];
  for (const value of needs.caseStatuses.filter((s) => !statusValues.includes(s))) {
    problems.push({
      what: `case status "${value}" (salesforce.caseStatuses) is not a Status picklist value`,
      fix: `add "${value}" to the Case Status picklist, or remove it from salesforce.caseStatuses and statusMap.toJira in sync.yaml`,
    });
  }
  for (const value of statusValues.filter((s) => !needs.caseStatuses.includes(s))) {
    problems.push({
      what: `Status picklist value "${value}" is not in salesforce.caseStatuses, so the status map does not cover it`,
      fix: `add "${value}" to salesforce.caseStatuses and map it in statusMap.toJira (a Jira status or ignore)`,
    });
  }
  const priority = described.find((f) => f.name === 'Priority');
  const priorityValues = priority ? activeValues(priority) : [];
  for (const value of needs.priorities.filter((p) => !priorityValues.includes(p))) {
    problems.push({
      what: `priority "${value}" (the Priority mapping in sync.yaml) is not a Priority picklist value`,
      fix: `add "${value}" to the Case Priority picklist (salesforce/ deploys P1–P4), or map the values the org has`,
    });
  }
  return checkOf(
    'Salesforce Case statuses and priorities',
    `Status has the ${statusValues.length} statuses of the status map; Priority has ${needs.priorities.join(', ') || 'the mapped values'}`,
    problems,
  );
}

/** The integration user may edit every field casebridge writes. */
export function checkCaseFieldsWritable(described: readonly DescribedField[], needs: CaseFieldNeeds): CheckResult {
  const byName = new Map(described.map((f) => [f.name.toLowerCase(), f]));
  const problems = needs.written
    .filter((name) => byName.get(name.toLowerCase())?.updateable === false)
    .map((name) => ({
      what: `the integration user cannot edit ${name}`,
      fix: `assign the Casebridge_Integration permission set (salesforce/) to the integration user, or grant edit access to ${name}`,
    }));
  return checkOf('Salesforce edit access', `the integration user can edit the ${needs.written.length} fields casebridge writes`, problems);
}

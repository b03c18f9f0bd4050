/**
 * The four sObjects of the emulated org (Account, User, Case, CaseComment), with the standard fields
 * casebridge reads and the custom fields it writes, and their picklist values. The Case custom fields
 * and priorities come from the definition in src/domain/salesforce/, which the SFDX project in
 * salesforce/ is generated from: the emulated org has exactly the fields a deployed org has.
 */
import { CASE_CUSTOM_FIELDS } from '../../domain/salesforce/case-fields.js';
import { LANGUAGE_VALUES, REGION_VALUES, TIER_VALUES, TOPIC_VALUES, type CaseCustomField, type CaseFieldType } from '../../domain/salesforce/case-field-types.js';
import { CASE_PRIORITY_VALUES, DEFAULT_CASE_PRIORITY } from '../../domain/salesforce/case-automation.js';
import type { SfFieldDef, SfFieldType, SfObjectDef } from './schema.js';

export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Waiting on Customer', 'Pending Vendor', 'Resolved', 'Closed'] as const;
/** Statuses for which the derived IsClosed is true. */
export const CLOSED_STATUSES: readonly string[] = ['Resolved', 'Closed'];
export const CASE_PRIORITIES = CASE_PRIORITY_VALUES.map((v) => v.value);
export const CASE_ORIGINS = ['Web', 'Email', 'Phone', 'Chat', 'App'] as const;
export const CASE_TYPES = ['Problem', 'Question', 'Incident', 'Feature Request'] as const;
export const TOPICS = TOPIC_VALUES.map((v) => v.value);
export const REGIONS = REGION_VALUES.map((v) => v.value);
export const TIERS = TIER_VALUES.map((v) => v.value);
export const LANGUAGES = LANGUAGE_VALUES.map((v) => v.value);

type Partial1 = Omit<SfFieldDef, 'createable' | 'updateable' | 'custom'> & Partial<Pick<SfFieldDef, 'createable' | 'updateable'>>;

function std(def: Partial1): SfFieldDef {
  return { createable: true, updateable: true, custom: false, ...def };
}
function system(def: Omit<Partial1, 'createable' | 'updateable'>): SfFieldDef {
  return { ...def, createable: false, updateable: false, custom: false };
}
function custom(def: Partial1): SfFieldDef {
  return { createable: true, updateable: true, ...def, custom: true };
}
function ref(name: string, label: string, to: string, editable: boolean): SfFieldDef {
  return {
    name,
    label,
    type: 'reference',
    referenceTo: to,
    relationshipName: name.replace(/Id$/, ''),
    createable: editable,
    updateable: editable,
    custom: false,
  };
}

/** Audit fields every sObject has; maintained by the emulator, never writable. */
function auditFields(): SfFieldDef[] {
  return [
    system({ name: 'Id', label: 'Record ID', type: 'id', length: 18 }),
    system({ name: 'IsDeleted', label: 'Deleted', type: 'boolean' }),
    system({ name: 'CreatedDate', label: 'Created Date', type: 'datetime' }),
    ref('CreatedById', 'Created By ID', 'User', false),
    system({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime' }),
    ref('LastModifiedById', 'Last Modified By ID', 'User', false),
    system({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime' }),
  ];
}

const DESCRIBE_TYPES: Record<CaseFieldType, SfFieldType> = {
  Checkbox: 'boolean',
  Text: 'string',
  Url: 'url',
  DateTime: 'datetime',
  Picklist: 'picklist',
};

/** A Case custom field of the shared definition, in the emulator's terms (Url fields are 255 long, as in Salesforce). */
export function toSfFieldDef(field: CaseCustomField): SfFieldDef {
  return {
    name: field.apiName,
    label: field.label,
    type: DESCRIBE_TYPES[field.type],
    ...(field.type === 'Text' ? { length: field.length } : field.type === 'Url' ? { length: 255 } : {}),
    ...(field.values ? { picklist: field.values.map((v) => v.value), picklistLabels: field.values.map((v) => v.label) } : {}),
    ...(field.type === 'Checkbox' ? { defaultValue: field.defaultChecked ?? false } : {}),
    inlineHelpText: field.helpText,
    // Salesforce REGEX() matches the whole value; a JavaScript RegExp needs the anchors.
    ...(field.format ? { validation: { pattern: new RegExp(`^(?:${field.format.pattern})$`), message: field.format.message } } : {}),
    createable: true,
    updateable: true,
    custom: true,
  };
}

const ACCOUNT: SfObjectDef = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...auditFields(),
    std({ name: 'Name', label: 'Account Name', type: 'string', length: 255, required: true }),
    ref('OwnerId', 'Owner ID', 'User', true),
    custom({ name: 'Tier__c', label: 'Tier', type: 'picklist', picklist: TIERS }),
    custom({ name: 'Region__c', label: 'Region', type: 'picklist', picklist: REGIONS }),
  ],
  children: [{ relationshipName: 'Cases', childSObject: 'Case', field: 'AccountId' }],
};

const USER: SfObjectDef = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  // Users are provisioned by the seed only: the integration never creates people.
  createable: false,
  updateable: false,
  deletable: false,
  fields: [
    ...auditFields(),
    system({ name: 'Name', label: 'Full Name', type: 'string', length: 121 }),
    system({ name: 'Username', label: 'Username', type: 'string', length: 80 }),
    system({ name: 'Email', label: 'Email', type: 'email', length: 128 }),
    system({ name: 'IsActive', label: 'Active', type: 'boolean' }),
  ],
  children: [],
};

const CASE: SfObjectDef = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: '500',
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...auditFields(),
    system({ name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30 }),
    std({ name: 'Subject', label: 'Subject', type: 'string', length: 255 }),
    std({ name: 'Description', label: 'Description', type: 'textarea', length: 32000 }),
    std({ name: 'Status', label: 'Status', type: 'picklist', picklist: CASE_STATUSES, defaultValue: 'New' }),
    system({ name: 'IsClosed', label: 'Closed', type: 'boolean' }),
    system({ name: 'ClosedDate', label: 'Closed Date', type: 'datetime' }),
    std({ name: 'Priority', label: 'Priority', type: 'picklist', picklist: CASE_PRIORITIES, defaultValue: DEFAULT_CASE_PRIORITY }),
    std({ name: 'Origin', label: 'Case Origin', type: 'picklist', picklist: CASE_ORIGINS }),
    std({ name: 'Type', label: 'Case Type', type: 'picklist', picklist: CASE_TYPES }),
    ref('AccountId', 'Account ID', 'Account', true),
    ref('OwnerId', 'Owner ID', 'User', true),
    std({ name: 'ContactEmail', label: 'Contact Email', type: 'email', length: 80 }),
    std({ name: 'SuppliedName', label: 'Web Name', type: 'string', length: 80 }),
    ...CASE_CUSTOM_FIELDS.map(toSfFieldDef),
  ],
  children: [{ relationshipName: 'CaseComments', childSObject: 'CaseComment', field: 'ParentId' }],
};

const CASE_COMMENT: SfObjectDef = {
  name: 'CaseComment',
  label: 'Case Comment',
  labelPlural: 'Case Comments',
  keyPrefix: '00a',
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...auditFields(),
    { ...ref('ParentId', 'Parent Case ID', 'Case', true), updateable: false, required: true },
    std({ name: 'CommentBody', label: 'Body', type: 'textarea', length: 4000 }),
    std({ name: 'IsPublished', label: 'Published', type: 'boolean', defaultValue: false }),
  ],
  children: [],
};

/** In the order of the org's describe. */
export const SOBJECT_DEFS: readonly SfObjectDef[] = [ACCOUNT, USER, CASE, CASE_COMMENT];

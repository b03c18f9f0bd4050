/**
 * Field schema of the emulated org: the four sObjects casebridge touches, with the standard fields
 * it reads and the custom fields it writes. Describe, validation and SOQL all read from here, so a
 * field missing here is missing everywhere (INVALID_FIELD), as in a real org. The Case custom fields
 * and priorities come from the definition in src/domain/salesforce/, which the SFDX project in
 * salesforce/ is generated from: the emulated org has exactly the fields a deployed org has.
 */
import { CASE_CUSTOM_FIELDS, LANGUAGE_VALUES, REGION_VALUES, TIER_VALUES, TOPIC_VALUES, type CaseCustomField, type CaseFieldType } from '../../domain/salesforce/case-fields.js';
import { CASE_PRIORITY_VALUES, DEFAULT_CASE_PRIORITY } from '../../domain/salesforce/case-automation.js';

/** Salesforce field types the emulator understands (a subset of the describe `type` values). */
export type SfFieldType = 'id' | 'string' | 'textarea' | 'picklist' | 'boolean' | 'datetime' | 'reference' | 'email' | 'url' | 'int';

/** One field of an sObject, in the terms describe reports. */
export interface SfFieldDef {
  name: string;
  label: string;
  type: SfFieldType;
  /** Maximum length for text types, in characters. */
  length?: number;
  picklist?: readonly string[];
  /** Labels of the picklist values, in the same order (default: the values themselves). */
  picklistLabels?: readonly string[];
  /** Help text shown next to the field. */
  inlineHelpText?: string;
  /** Default applied on create when the caller gives no value. */
  defaultValue?: string | boolean;
  createable: boolean;
  updateable: boolean;
  /** Required on create (REQUIRED_FIELD_MISSING when absent). */
  required?: boolean;
  custom: boolean;
  referenceTo?: string;
  relationshipName?: string;
  /** A validation rule: the value must match, else FIELD_CUSTOM_VALIDATION_EXCEPTION. */
  validation?: { pattern: RegExp; message: string };
}

/** One sObject type. */
export interface SfObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: readonly SfFieldDef[];
  /** Child relationships reported by describe (name of the child relationship and child object). */
  children: readonly { relationshipName: string; childSObject: string; field: string }[];
}

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

/** All sObjects of the emulated org, by API name. */
export const SOBJECTS: ReadonlyMap<string, SfObjectDef> = new Map([ACCOUNT, USER, CASE, CASE_COMMENT].map((def) => [def.name, def]));

/** Finds an sObject by name, case-insensitively as Salesforce does. */
export function findSObject(name: string): SfObjectDef | undefined {
  const lower = name.toLowerCase();
  for (const def of SOBJECTS.values()) if (def.name.toLowerCase() === lower) return def;
  return undefined;
}

/** Finds a field by name, case-insensitively. */
export function findField(def: SfObjectDef, name: string): SfFieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Long text areas can be neither filtered nor sorted in SOQL, as in a real org. */
export function isLongTextArea(field: SfFieldDef): boolean {
  return field.type === 'textarea' && (field.length ?? 0) > 255;
}

/** Finds a reference field by its relationship name (`Account` → AccountId), case-insensitively. */
export function findRelationship(def: SfObjectDef, relationshipName: string): SfFieldDef | undefined {
  const lower = relationshipName.toLowerCase();
  return def.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
}

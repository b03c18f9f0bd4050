/**
 * Field schema of the emulated org: the four sObjects casebridge touches, with the standard fields
 * it reads and the custom fields it writes. Describe, validation and SOQL all read from here, so a
 * field missing here is missing everywhere (INVALID_FIELD), as in a real org.
 */

/** Salesforce field types the emulator understands (a subset of the describe `type` values). */
export type SfFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'boolean'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'url'
  | 'int';

/** One field of an sObject, in the terms describe reports. */
export interface SfFieldDef {
  name: string;
  label: string;
  type: SfFieldType;
  /** Maximum length for text types, in characters. */
  length?: number;
  picklist?: readonly string[];
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
export const CASE_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const CASE_ORIGINS = ['Web', 'Email', 'Phone', 'Chat', 'App'] as const;
export const CASE_TYPES = ['Problem', 'Question', 'Incident', 'Feature Request'] as const;
export const TOPICS = [
  'driver_app', 'rider_app', 'payments_billing', 'corporate_portal', 'dispatch_pricing',
  'account_access', 'safety_incident', 'internal_tools', 'other',
] as const;
export const REGIONS = ['IL', 'GB', 'RU'] as const;
export const TIERS = ['Private', 'Corporate', 'VIP'] as const;
export const SLA_STATUSES = ['met', 'breached', 'running', 'paused', 'at_risk'] as const;
export const LANGUAGES = ['en', 'ru', 'he'] as const;

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
    name, label, type: 'reference', referenceTo: to, relationshipName: name.replace(/Id$/, ''),
    createable: editable, updateable: editable, custom: false,
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

const JIRA_KEY_RULE = {
  pattern: /^[A-Z][A-Z0-9]+-\d+$/,
  message: 'Jira Key must look like PROJ-123 (upper-case project key, a dash, a number) or be empty',
};

const ACCOUNT: SfObjectDef = {
  name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001',
  createable: true, updateable: true, deletable: true,
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
  name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005',
  // Users are provisioned by the seed only: the integration never creates people.
  createable: false, updateable: false, deletable: false,
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
  name: 'Case', label: 'Case', labelPlural: 'Cases', keyPrefix: '500',
  createable: true, updateable: true, deletable: true,
  fields: [
    ...auditFields(),
    system({ name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30 }),
    std({ name: 'Subject', label: 'Subject', type: 'string', length: 255 }),
    std({ name: 'Description', label: 'Description', type: 'textarea', length: 32000 }),
    std({ name: 'Status', label: 'Status', type: 'picklist', picklist: CASE_STATUSES, defaultValue: 'New' }),
    system({ name: 'IsClosed', label: 'Closed', type: 'boolean' }),
    system({ name: 'ClosedDate', label: 'Closed Date', type: 'datetime' }),
    std({ name: 'Priority', label: 'Priority', type: 'picklist', picklist: CASE_PRIORITIES, defaultValue: 'P3' }),
    std({ name: 'Origin', label: 'Case Origin', type: 'picklist', picklist: CASE_ORIGINS }),
    std({ name: 'Type', label: 'Case Type', type: 'picklist', picklist: CASE_TYPES }),
    ref('AccountId', 'Account ID', 'Account', true),
    ref('OwnerId', 'Owner ID', 'User', true),
    std({ name: 'ContactEmail', label: 'Contact Email', type: 'email', length: 80 }),
    std({ name: 'SuppliedName', label: 'Web Name', type: 'string', length: 80 }),
    custom({ name: 'Escalate_to_Jira__c', label: 'Escalate to Jira', type: 'boolean', defaultValue: false }),
    custom({ name: 'Jira_Key__c', label: 'Jira Key', type: 'string', length: 32, validation: JIRA_KEY_RULE }),
    custom({ name: 'Jira_Status__c', label: 'Jira Status', type: 'string', length: 80 }),
    custom({ name: 'Jira_Assignee__c', label: 'Jira Assignee', type: 'string', length: 120 }),
    custom({ name: 'Jira_URL__c', label: 'Jira URL', type: 'url', length: 255 }),
    custom({ name: 'Jira_Fix_Version__c', label: 'Jira Fix Version', type: 'string', length: 80 }),
    custom({ name: 'Jira_Last_Updated__c', label: 'Jira Last Updated', type: 'datetime' }),
    custom({ name: 'SLA_Status__c', label: 'SLA Status', type: 'picklist', picklist: SLA_STATUSES }),
    custom({ name: 'SLA_Due__c', label: 'SLA Due', type: 'datetime' }),
    custom({ name: 'Incident_Key__c', label: 'Incident Key', type: 'string', length: 32 }),
    custom({ name: 'Incident_Status__c', label: 'Incident Status', type: 'string', length: 40 }),
    custom({ name: 'Topic__c', label: 'Topic', type: 'picklist', picklist: TOPICS }),
    custom({ name: 'Region__c', label: 'Region', type: 'picklist', picklist: REGIONS }),
    custom({ name: 'Customer_Tier__c', label: 'Customer Tier', type: 'picklist', picklist: TIERS }),
    custom({ name: 'Priority_Source__c', label: 'Priority Source', type: 'picklist', picklist: ['human', 'casebridge'] }),
    custom({ name: 'Language__c', label: 'Language', type: 'picklist', picklist: LANGUAGES }),
  ],
  children: [{ relationshipName: 'CaseComments', childSObject: 'CaseComment', field: 'ParentId' }],
};

const CASE_COMMENT: SfObjectDef = {
  name: 'CaseComment', label: 'Case Comment', labelPlural: 'Case Comments', keyPrefix: '00a',
  createable: true, updateable: true, deletable: true,
  fields: [
    ...auditFields(),
    { ...ref('ParentId', 'Parent Case ID', 'Case', true), updateable: false, required: true },
    std({ name: 'CommentBody', label: 'Body', type: 'textarea', length: 4000 }),
    std({ name: 'IsPublished', label: 'Published', type: 'boolean', defaultValue: false }),
  ],
  children: [],
};

/** All sObjects of the emulated org, by API name. */
export const SOBJECTS: ReadonlyMap<string, SfObjectDef> = new Map(
  [ACCOUNT, USER, CASE, CASE_COMMENT].map((def) => [def.name, def]),
);

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

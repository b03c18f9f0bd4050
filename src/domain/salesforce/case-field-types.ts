/**
 * What a Case custom field of casebridge is (case-fields.ts lists them) and the values of its restricted
 * picklists: API names casebridge compares, labels agents see. Apart from the field list, so that code
 * needing only a type or the values (stakeholder messages, the doctor, the emulator's schema) does not
 * depend on the whole definition.
 */

/** One value of a restricted picklist: the API name casebridge compares and the label agents see. */
export interface PicklistValue {
  value: string;
  label: string;
}

/** Metadata API CustomField types casebridge's fields use. */
export type CaseFieldType = 'Checkbox' | 'Text' | 'Url' | 'DateTime' | 'Picklist';

/**
 * Who puts the value there: `casebridge` (agents only read it), `agent` (an agent or the org's own
 * automation; casebridge only reads it) or `both` (casebridge fills it in when empty, agents may override).
 */
export type CaseFieldWriter = 'casebridge' | 'agent' | 'both';

/** A validation rule on the field, deployed as a Case ValidationRule and enforced by the emulator. */
export interface FieldFormatRule {
  /** ValidationRule API name. */
  name: string;
  /** A Java/JavaScript regex the whole value must match (Salesforce REGEX() matches the whole text). */
  pattern: string;
  /** Error message shown to the user or returned as FIELD_CUSTOM_VALIDATION_EXCEPTION. */
  message: string;
}

/** One Case custom field. */
export interface CaseCustomField {
  apiName: `${string}__c`;
  label: string;
  type: CaseFieldType;
  /** Maximum length in characters (Text only; Url fields are 255 in Salesforce). */
  length?: number;
  /** Restricted picklist values, in display order (Picklist only). */
  values?: readonly PicklistValue[];
  /** Checkbox default (Checkbox fields always have one). */
  defaultChecked?: boolean;
  /** Help text agents see next to the field (inlineHelpText, ≤ 510 characters). */
  helpText: string;
  /** For admins: what casebridge does with the field (the field's Description). */
  description: string;
  writer: CaseFieldWriter;
  format?: FieldFormatRule;
}

/** The value SLA_Status__c takes per SLA state (the domain's SlaState). */
export const SLA_STATUS_VALUES = [
  { value: 'met', label: 'Met' },
  { value: 'breached', label: 'Breached' },
  { value: 'running', label: 'Running' },
  { value: 'paused', label: 'Paused' },
  { value: 'at_risk', label: 'At risk' },
] as const satisfies readonly PicklistValue[];

/** Topics of config/classification.yaml (ids), as Topic__c values. */
export const TOPIC_VALUES = [
  { value: 'driver_app', label: 'Driver app' },
  { value: 'rider_app', label: 'Rider app' },
  { value: 'payments_billing', label: 'Payments and billing' },
  { value: 'corporate_portal', label: 'Corporate portal' },
  { value: 'dispatch_pricing', label: 'Dispatch and pricing' },
  { value: 'account_access', label: 'Account access' },
  { value: 'safety_incident', label: 'Safety incident' },
  { value: 'internal_tools', label: 'Internal tools' },
  { value: 'other', label: 'Other' },
] as const satisfies readonly PicklistValue[];

export const REGION_VALUES = [
  { value: 'IL', label: 'Israel' },
  { value: 'GB', label: 'United Kingdom' },
  { value: 'RU', label: 'Russia' },
] as const satisfies readonly PicklistValue[];

export const TIER_VALUES = [
  { value: 'Private', label: 'Private' },
  { value: 'Corporate', label: 'Corporate' },
  { value: 'VIP', label: 'VIP' },
] as const satisfies readonly PicklistValue[];

export const LANGUAGE_VALUES = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Russian' },
  { value: 'he', label: 'Hebrew' },
] as const satisfies readonly PicklistValue[];

export const PRIORITY_SOURCE_VALUES = [
  { value: 'human', label: 'Set by a person' },
  { value: 'casebridge', label: 'Set by casebridge' },
] as const satisfies readonly PicklistValue[];

/**
 * CustomField, ValidationRule and StandardValueSet files for the Case fields of the shared
 * definition (src/domain/salesforce/). Elements follow the order Salesforce retrieves them in
 * (fullName first, then alphabetical).
 */
import type { CaseCustomField, FieldFormatRule, PicklistValue } from '../../src/domain/salesforce/case-field-types.js';
import { renderMetadataXml } from './xml.js';

function renderValueSet(values: readonly PicklistValue[]): Record<string, unknown> {
  return {
    restricted: true,
    valueSetDefinition: {
      sorted: false,
      value: values.map((v) => ({ fullName: v.value, default: false, label: v.label })),
    },
  };
}

/** The type-specific elements of a field. */
function typeElements(field: CaseCustomField): Record<string, unknown> {
  switch (field.type) {
    case 'Checkbox':
      return { defaultValue: field.defaultChecked ?? false };
    case 'Text':
      return { externalId: false, length: field.length, required: false, unique: false };
    case 'Picklist':
      return { required: false, valueSet: renderValueSet(field.values ?? []) };
    case 'Url':
    case 'DateTime':
      return { externalId: false, required: false };
  }
}

/** `objects/Case/fields/<name>.field-meta.xml`. */
export function renderCustomField(field: CaseCustomField): string {
  const elements: Record<string, unknown> = {
    description: field.description,
    inlineHelpText: field.helpText,
    label: field.label,
    type: field.type,
    ...typeElements(field),
  };
  const sorted = Object.fromEntries(
    Object.keys(elements)
      .sort()
      .map((key) => [key, elements[key]]),
  );
  return renderMetadataXml('CustomField', { fullName: field.apiName, ...sorted });
}

/** The formula that is true for a bad value (blank is allowed: a case without a Jira issue has none). */
export function formatRuleFormula(field: CaseCustomField, rule: FieldFormatRule): string {
  // A formula string literal takes backslash escapes, so each backslash of the regex is doubled.
  const literal = rule.pattern.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `AND(NOT(ISBLANK(${field.apiName})), NOT(REGEX(${field.apiName}, "${literal}")))`;
}

/** `objects/Case/validationRules/<name>.validationRule-meta.xml`. */
export function renderValidationRule(field: CaseCustomField, rule: FieldFormatRule): string {
  return renderMetadataXml('ValidationRule', {
    fullName: rule.name,
    active: true,
    description: `Keeps ${field.apiName} in the form of a Jira issue key, as casebridge writes it and expects it when a person types one.`,
    errorConditionFormula: formatRuleFormula(field, rule),
    errorDisplayField: field.apiName,
    errorMessage: rule.message,
  });
}

/** `standardValueSets/<name>.standardValueSet-meta.xml`; values missing from it are deactivated on deploy. */
export function renderStandardValueSet(values: readonly PicklistValue[], defaultValue: string): string {
  return renderMetadataXml('StandardValueSet', {
    sorted: false,
    standardValue: values.map((v) => ({ fullName: v.value, default: v.value === defaultValue, label: v.label })),
  });
}

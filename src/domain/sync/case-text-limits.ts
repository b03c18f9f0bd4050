/**
 * Text copied onto the case is cut to its field's length. Since API 15.0 Salesforce refuses a
 * value one character over a text field with STRING_TOO_LONG, for the whole record
 * ("AllowFieldTruncationHeader", SOAP API Developer Guide): one long Jira value would keep every
 * other field of the same update (status, assignee) off the case, on every pass. Jira values run
 * long easily: a version name takes up to 255 characters (Version.name, Jira Cloud REST v3
 * OpenAPI) and an issue carries several, written comma-separated to Jira_Fix_Version__c (80).
 *
 * The lengths known are those of casebridge's own Case fields, from the definition the shipped
 * SFDX project is generated from; a field outside it is written as it is.
 */
import { CASE_CUSTOM_FIELDS } from '../salesforce/case-fields.js';
import { fitText } from './text-limits.js';

/** Salesforce Url fields hold 255 characters (case-fields.ts, CaseCustomField.length). */
const URL_FIELD_LENGTH = 255;

/** Marks a value cut on its way to the case; the whole value stays in Jira. */
export const CUT_FOR_CASE_MARKER = '…';

const LENGTHS = new Map(
  CASE_CUSTOM_FIELDS.flatMap((field) =>
    field.type === 'Text' && field.length ? [[field.apiName.toLowerCase(), field.length] as const] : field.type === 'Url' ? [[field.apiName.toLowerCase(), URL_FIELD_LENGTH] as const] : [],
  ),
);

/** Characters the case field holds, when casebridge knows the field (API names are case-insensitive). */
export function caseTextLength(fieldApiName: string): number | undefined {
  return LENGTHS.get(fieldApiName.toLowerCase());
}

/** `value` as the case field can hold it: a text over the field's length cut, with the marker, to fit. */
export function fitCaseText(fieldApiName: string, value: unknown): unknown {
  const max = caseTextLength(fieldApiName);
  if (typeof value !== 'string' || max === undefined) return value;
  return fitText(value, { max, unit: 'chars' }, CUT_FOR_CASE_MARKER);
}

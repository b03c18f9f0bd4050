/**
 * Field values on each side of a mapping, in one comparable form. The planner compares these
 * with the snapshots of what was last synced; the adapters' REST shapes stay out of it.
 */
import type { SyncConfig } from '../../config/schemas/sync.js';
import type { CaseRecord, IssueRecord } from './records.js';
import { JIRA_LONG_TEXT, JIRA_SINGLE_LINE, cutForJiraLineMarker, cutForJiraMarker, fitText } from './text-limits.js';
import { fitCaseText } from './case-text-limits.js';

export type FieldMapping = SyncConfig['fields'][number];
export type StatusMap = SyncConfig['statusMap'];

/** The value a Jira field currently has, as the case would store it. */
export function readIssueField(issue: IssueRecord, jiraField: string, statusMap: StatusMap): unknown {
  switch (jiraField) {
    case 'key':
      return issue.key;
    case 'url':
      return issue.url;
    case 'status':
      return statusMap.toSalesforce[issue.status]?.display ?? null;
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description;
    case 'priority':
      return issue.priority;
    case 'labels':
      return [...issue.labels].sort().join(' ');
    case 'assignee':
      return issue.assignee?.displayName ?? null;
    case 'fixVersions':
      return issue.fixVersions.length > 0 ? issue.fixVersions.join(', ') : null;
    case 'updated':
      return issue.updated;
    default:
      return issue.fields[jiraField] ?? null;
  }
}

/** The value to write to Jira for a case value (after the mapping's value translation). */
export function toJiraValue(mapping: FieldMapping, caseValue: unknown): unknown {
  const translated = translate(mapping.values, caseValue);
  // Jira refuses line breaks in a summary; a multi-line subject becomes one line.
  if (mapping.jira === 'summary')
    return String(translated ?? '')
      .replace(/[\r\n]+/g, ' ')
      .trim();
  if (mapping.jira === 'description') return translated === null || translated === undefined ? '' : String(translated);
  return translated ?? null;
}

/**
 * The Jira value a mapping asks for, read from the case. A blank subject becomes "Case N" (Jira
 * refuses an empty summary): the create and every later pass use this one function, so they agree.
 */
export function jiraValueOfCase(mapping: FieldMapping, record: CaseRecord): unknown {
  const value = toJiraValue(mapping, record.fields[mapping.salesforce] ?? null);
  if (mapping.jira === 'summary' && value === '') return fallbackSummary(record);
  return typeof value === 'string' ? fitJiraField(mapping.jira, value, caseNumberOf(record), mapping.jiraText) : value;
}

/**
 * Text cut to the Jira field's limit, with a marker naming the case that holds the full text: the
 * description and multi-line custom fields are long text; the summary and other custom text
 * fields single-line text (255).
 */
export function fitJiraField(jiraField: string, text: string, caseNumber: string, customText: 'line' | 'long' = 'line'): string {
  if (jiraField === 'description' || (jiraField.startsWith('customfield_') && customText === 'long')) return fitText(text, JIRA_LONG_TEXT, cutForJiraMarker(caseNumber));
  if (jiraField === 'summary' || jiraField.startsWith('customfield_')) return fitText(text, JIRA_SINGLE_LINE, cutForJiraLineMarker(caseNumber));
  return text;
}

/** How people name a case: its number, or its id when the number was not read. */
export function caseNumberOf(record: CaseRecord): string {
  return String(record.fields.CaseNumber ?? record.id);
}

/** The summary of an issue whose case has no subject. */
export function fallbackSummary(record: CaseRecord): string {
  return `Case ${caseNumberOf(record)}`;
}

/**
 * The value to write to the case for a Jira value (reverse translation for `both` mappings), cut
 * to the case field's length: the plan then compares what the case can hold (case-text-limits.ts).
 */
export function toCaseValue(mapping: FieldMapping, jiraValue: unknown): unknown {
  if (!mapping.values) return fitCaseText(mapping.salesforce, jiraValue ?? null);
  const reverse = Object.fromEntries(Object.entries(mapping.values).map(([k, v]) => [v, k]));
  return fitCaseText(mapping.salesforce, translate(reverse, jiraValue) ?? null);
}

function translate(values: Record<string, string> | undefined, value: unknown): unknown {
  if (!values || value === null || value === undefined) return value;
  return values[String(value)] ?? value;
}

/** Equality for synced values: null/undefined/'' are one empty value; instants compare as instants. */
/**
 * Equality of a value on the case: Salesforce keeps date-times to the whole second, so an instant
 * written with milliseconds reads back cut and is still the same value (otherwise every pass
 * rewrites Jira_Last_Updated__c: an echo loop).
 */
export function sameCaseValue(a: unknown, b: unknown): boolean {
  if (sameValue(a, b)) return true;
  const second = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Math.floor(Date.parse(v) / 1000) : NaN);
  const sa = second(a);
  return !Number.isNaN(sa) && sa === second(b);
}

export function sameValue(a: unknown, b: unknown): boolean {
  const na = a === undefined || a === '' ? null : a;
  const nb = b === undefined || b === '' ? null : b;
  if (na === nb) return true;
  if (typeof na === 'string' && typeof nb === 'string' && /^\d{4}-\d\d-\d\dT/.test(na) && /^\d{4}-\d\d-\d\dT/.test(nb)) {
    const ta = Date.parse(na);
    const tb = Date.parse(nb);
    if (!Number.isNaN(ta) && ta === tb) return true;
  }
  return JSON.stringify(na) === JSON.stringify(nb);
}

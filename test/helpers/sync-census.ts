/**
 * The exactly-once checker: reads the end state of both emulators and counts what the sync
 * promises never happens — a case with two Jira issues, an incident with two, a comment mirrored
 * twice — and every case whose Jira fields differ from its issue. Jira is read over its REST API
 * (the store is not exposed; read once the search index has caught up), Salesforce from the
 * emulator's store. Used by the realistic-faults test and `bench sync --faults realistic`.
 */
import { toPlainText } from '../../src/domain/sync/adf.js';
import type { AdfNode } from '../../src/domain/sync/adf.js';
import type { SalesforceStore } from '../../src/sandbox/salesforce/store.js';
import { readJiraIssues } from './jira-reader.js';
import type { JiraIssueState } from './jira-reader.js';

export interface Census {
  /** Cases the mirror rule selects (Escalate to Jira ticked, or P1). */
  mirroredCases: number;
  /** Mirrored cases with no issue carrying their label: case numbers. */
  casesWithoutIssue: string[];
  /** Cases with more than one issue: case number → keys. */
  duplicateIssues: Array<{ caseNumber: string; keys: string[] }>;
  /** Issues beyond the first per case (the figure the issue report counts). */
  extraIssues: number;
  /** Incident labels on more than one issue. */
  duplicateIncidentIssues: Array<{ label: string; keys: string[] }>;
  /** Case comments posted to Jira more than once: `KEY ← case comment id` → copies. */
  duplicateCommentsInJira: Array<{ key: string; caseCommentId: string; copies: number }>;
  /** Jira comments posted to a case more than once. */
  duplicateCommentsOnCases: Array<{ caseNumber: string; jiraComment: string; copies: number }>;
  /** Mirrored fields that differ from the issue's final state. */
  fieldMismatches: Array<{ caseNumber: string; field: string; onCase: unknown; inJira: unknown }>;
  issues: JiraIssueState[];
}

export interface CensusOptions {
  baseUrl: string;
  store: SalesforceStore;
  /** Jira status → what the case shows (sync.yaml statusMap.toSalesforce). */
  statusDisplay: Record<string, { display: string }>;
  /** Label prefix of a case's issue (`sfcase-`). */
  caseLabelPrefix?: string;
}

/** The field name a mismatch carries when the case shows a Jira update older than a person's later change. */
export const STALE_LAST_UPDATED = 'Jira_Last_Updated__c (older than a person’s change)';

const FROM_SALESFORCE = /— Salesforce case \S+, comment ([A-Za-z0-9]{15,18})\s*$/;
const FROM_JIRA = /— Jira ([A-Z][A-Z0-9_]+-\d+), comment (\d+)\s*$/;

export async function takeCensus(options: CensusOptions): Promise<Census> {
  const issues = await readJiraIssues(options.baseUrl);
  const prefix = options.caseLabelPrefix ?? 'sfcase-';
  const keysByLabel = new Map<string, string[]>();
  for (const issue of issues) for (const label of issue.labels) keysByLabel.set(label, [...(keysByLabel.get(label) ?? []), issue.key]);
  const byKey = new Map(issues.map((i) => [i.key, i]));
  const cases = options.store.list('Case');
  const caseNumber = new Map(cases.map((c) => [String(c.Id), String(c.CaseNumber)]));
  const mirrored = cases.filter((c) => c.Escalate_to_Jira__c === true || c.Priority === 'P1');

  const census: Census = {
    mirroredCases: mirrored.length,
    casesWithoutIssue: [],
    duplicateIssues: [],
    extraIssues: 0,
    duplicateIncidentIssues: [...keysByLabel].filter(([label, keys]) => label.startsWith('casebridge-incident-') && keys.length > 1).map(([label, keys]) => ({ label, keys })),
    duplicateCommentsInJira: countJiraCommentCopies(issues),
    duplicateCommentsOnCases: countCaseCommentCopies(options.store, caseNumber),
    fieldMismatches: [],
    issues,
  };
  for (const record of mirrored) {
    const keys = keysByLabel.get(`${prefix}${String(record.Id)}`) ?? [];
    const number = String(record.CaseNumber);
    if (keys.length === 0) census.casesWithoutIssue.push(number);
    if (keys.length > 1) {
      census.duplicateIssues.push({ caseNumber: number, keys });
      census.extraIssues += keys.length - 1;
    }
    const linked = byKey.get(String(record.Jira_Key__c));
    if (keys.length === 1) census.fieldMismatches.push(...compareFields(record, linked ?? byKey.get(keys[0]!)!, options));
  }
  return census;
}

/** What each mirrored field of the case must show for its issue (sync.yaml `toSalesforce` fields). */
function compareFields(record: Record<string, unknown>, issue: JiraIssueState, options: CensusOptions): Census['fieldMismatches'] {
  const expected: Record<string, unknown> = {
    Jira_Key__c: issue.key,
    Jira_URL__c: `${options.baseUrl}/browse/${issue.key}`,
    Jira_Status__c: options.statusDisplay[issue.status]?.display ?? null,
    Jira_Assignee__c: issue.assignee,
    Jira_Fix_Version__c: issue.fixVersions.length > 0 ? issue.fixVersions.join(', ') : null,
  };
  const mismatches = Object.entries(expected)
    .filter(([field, value]) => (record[field] ?? null) !== value)
    .map(([field, value]) => ({ caseNumber: String(record.CaseNumber), field, onCase: record[field] ?? null, inJira: value }));
  // The last update shown is the last one a person made: casebridge's own writes move `updated` but
  // are not shown (no echo). So it lies between that person's change and `updated`, at the whole
  // second (Salesforce keeps date-times to the second).
  const shown = toWholeSecond(toMs(record.Jira_Last_Updated__c));
  const latest = toWholeSecond(Date.parse(issue.updated));
  const byPerson = toWholeSecond(issue.lastChangeByPersonMs);
  if (shown === null || latest === null || shown > latest || (byPerson !== null && shown < byPerson)) {
    const field = shown !== null && byPerson !== null && shown < byPerson ? STALE_LAST_UPDATED : 'Jira_Last_Updated__c';
    mismatches.push({
      caseNumber: String(record.CaseNumber),
      field,
      onCase: record.Jira_Last_Updated__c ?? null,
      inJira: { updated: issue.updated, lastChangeByPerson: issue.lastChangeByPersonMs === null ? null : new Date(issue.lastChangeByPersonMs).toISOString() },
    });
  }
  return mismatches;
}

function toWholeSecond(ms: number | null): number | null {
  return ms === null || Number.isNaN(ms) ? null : Math.floor(ms / 1000) * 1000;
}

function toMs(value: unknown): number | null {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : null;
}

function countJiraCommentCopies(issues: readonly JiraIssueState[]): Census['duplicateCommentsInJira'] {
  const copies = new Map<string, number>();
  for (const issue of issues) {
    for (const comment of issue.comments) {
      const origin = FROM_SALESFORCE.exec(toPlainText(comment.body as AdfNode))?.[1];
      if (origin) copies.set(`${issue.key} ${origin}`, (copies.get(`${issue.key} ${origin}`) ?? 0) + 1);
    }
  }
  return [...copies].filter(([, n]) => n > 1).map(([id, n]) => ({ key: id.split(' ')[0]!, caseCommentId: id.split(' ')[1]!, copies: n }));
}

function countCaseCommentCopies(store: SalesforceStore, caseNumber: Map<string, string>): Census['duplicateCommentsOnCases'] {
  const copies = new Map<string, number>();
  for (const comment of store.list('CaseComment')) {
    const origin = FROM_JIRA.exec(String(comment.CommentBody ?? ''));
    if (!origin) continue;
    const id = `${String(comment.ParentId)} ${origin[1]}#${origin[2]}`;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  return [...copies].filter(([, n]) => n > 1).map(([id, n]) => ({ caseNumber: caseNumber.get(id.split(' ')[0]!) ?? id, jiraComment: id.split(' ')[1]!, copies: n }));
}

/** The figures of a census, for a report line or a bench's JSON. */
export function summarizeCensus(census: Census) {
  return {
    mirroredCases: census.mirroredCases,
    jiraIssues: census.issues.length,
    casesWithoutIssue: census.casesWithoutIssue.length,
    casesWithDuplicateIssues: census.duplicateIssues.length,
    extraIssues: census.extraIssues,
    duplicateIncidentIssues: census.duplicateIncidentIssues.length,
    duplicateCommentsInJira: census.duplicateCommentsInJira.reduce((sum, d) => sum + d.copies - 1, 0),
    duplicateCommentsOnCases: census.duplicateCommentsOnCases.reduce((sum, d) => sum + d.copies - 1, 0),
    fieldMismatches: census.fieldMismatches.length,
  };
}

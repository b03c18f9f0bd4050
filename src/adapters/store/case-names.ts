/**
 * Names people use for cases the store keeps by id: the case number (from the SLA tickets and the
 * last-synced `CaseNumber` snapshots) and the Jira key each case follows (its live link).
 */
import type { Db } from './db-handle.js';

export interface CaseName {
  caseId: string;
  /** `00001234`, when casebridge has seen it. */
  caseNumber: string | null;
  /** The Jira key of the case's live link. */
  issueKey: string | null;
}

/** Case numbers and issue keys of the given cases, in one round trip per source. */
export async function loadCaseNames(db: Db, caseIds: readonly string[]): Promise<Map<string, CaseName>> {
  const ids = [...new Set(caseIds)];
  const names = new Map<string, CaseName>(ids.map((id) => [id, { caseId: id, caseNumber: null, issueKey: null }]));
  if (ids.length === 0) return names;
  const [tickets, snapshots, links] = await Promise.all([
    db('tickets').whereIn('case_id', ids).whereNotNull('case_number').select('case_id', 'case_number') as Promise<Array<{ case_id: string; case_number: string }>>,
    db('snapshots').where({ system: 'salesforce', field: 'CaseNumber' }).whereIn('object_id', ids).select('object_id', db.raw("value #>> '{}' as case_number")) as Promise<
      Array<{ object_id: string; case_number: string | null }>
    >,
    db('links').whereIn('case_id', ids).whereIn('state', ['linked', 'creating']).whereNotNull('issue_key').select('case_id', 'issue_key') as Promise<Array<{ case_id: string; issue_key: string }>>,
  ]);
  for (const row of snapshots) if (row.case_number) names.get(row.object_id)!.caseNumber = row.case_number;
  for (const row of tickets) names.get(row.case_id)!.caseNumber = row.case_number;
  for (const row of links) names.get(row.case_id)!.issueKey = row.issue_key;
  return names;
}

/**
 * Case numbers (`00001234`) → case ids, from what casebridge stored about the cases it has seen: the
 * SLA tickets and the last-synced `CaseNumber` snapshots. People name cases by number; links are
 * kept by id. Leading zeros do not matter (`1234` finds `00001234`).
 */
import type { Db } from './db-handle.js';
import { findLiveLinks } from './links.js';
import type { Link } from './links.js';

/** A case number as Salesforce's default auto-number writes it: digits only (ids always have letters). */
export function isCaseNumber(text: string): boolean {
  return /^\d{1,12}$/.test(text);
}

export async function findCaseIdsByNumber(db: Db, caseNumber: string): Promise<string[]> {
  const fromTickets = db('tickets').select('case_id as id').whereRaw("ltrim(case_number, '0') = ltrim(?, '0')", [caseNumber]);
  const fromSnapshots = db('snapshots').select('object_id as id').where({ system: 'salesforce', field: 'CaseNumber' }).whereRaw("ltrim(value #>> '{}', '0') = ltrim(?, '0')", [caseNumber]);
  const rows = (await db.union([fromTickets, fromSnapshots], true)) as Array<{ id: string }>;
  return [...new Set(rows.map((r) => r.id))].sort();
}

/** The live links a person means by a case number, a case id or an issue key. */
export async function findLiveLinksByName(db: Db, caseNumberIdOrIssueKey: string): Promise<Link[]> {
  if (!isCaseNumber(caseNumberIdOrIssueKey)) return findLiveLinks(db, caseNumberIdOrIssueKey);
  const ids = await findCaseIdsByNumber(db, caseNumberIdOrIssueKey);
  return (await Promise.all(ids.map((id) => findLiveLinks(db, id)))).flat();
}

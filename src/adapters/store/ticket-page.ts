/**
 * Reads for the console's ticket page: a ticket by its case number, the audit entries about the
 * case and its issues (newest first, bounded), and the incident the case belongs to.
 */
import { fromRow as fromAuditRow } from './audit-log.js';
import type { StoredAuditEntry } from './audit-log.js';
import type { Db } from './db-handle.js';
import { fromRow as fromIncidentRow } from './incidents.js';
import type { Incident } from './incidents.js';
import { fromRow as fromTicketRow } from './tickets.js';
import type { Ticket } from './tickets.js';

export async function getTicketByCaseNumber(db: Db, caseNumber: string): Promise<Ticket | undefined> {
  const row = await db('tickets').where({ case_number: caseNumber }).first();
  return row ? fromTicketRow(row) : undefined;
}

/** Audit entries whose object is one of `objectIds` (a case id, issue keys), newest first, at most `limit`. */
export async function listAuditOfObjects(db: Db, objectIds: readonly string[], limit: number): Promise<StoredAuditEntry[]> {
  if (objectIds.length === 0) return [];
  const rows = await db('audit_log')
    .whereIn('object_id', [...objectIds])
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
  return rows.map(fromAuditRow);
}

/** The incident a case was linked to, if any. */
export async function getIncidentOfCase(db: Db, caseId: string): Promise<Incident | undefined> {
  const row = await db('incident_cases').join('incidents', 'incidents.id', 'incident_cases.incident_id').where('incident_cases.case_id', caseId).first('incidents.*');
  return row ? fromIncidentRow(row) : undefined;
}

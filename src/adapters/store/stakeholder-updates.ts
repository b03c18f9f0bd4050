/**
 * `stakeholder_updates`: one row per incident and slot. The row is the claim: the unique
 * (incident, slot) index lets exactly one of the replicas planning a slot insert it, and only that
 * one sends. A crash between the claim and the send costs that one update (it stays `claimed`,
 * visible), never a second copy.
 */
import type { SentUpdate, StakeholderUpdateKind } from '../../domain/incidents/stakeholder-plan.js';
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface StakeholderUpdate extends SentUpdate {
  id: number;
  incidentId: number;
  nextUpdateAt: Date | null;
  status: 'claimed' | 'sent' | 'failed';
  recipients: unknown[];
  subject: string | null;
  body: string | null;
}

interface Row {
  id: string | number;
  incident_id: string | number;
  kind: StakeholderUpdateKind;
  slot_key: string;
  planned_at: Date;
  severity: string;
  next_update_at: Date | null;
  status: 'claimed' | 'sent' | 'failed';
  recipients: unknown[] | string;
  subject: string | null;
  body: string | null;
}

function fromRow(row: Row): StakeholderUpdate {
  return {
    id: toId(row.id),
    incidentId: toId(row.incident_id),
    kind: row.kind,
    slotKey: row.slot_key,
    plannedAt: toDate(row.planned_at)!,
    severity: row.severity,
    nextUpdateAt: toDate(row.next_update_at),
    status: row.status,
    recipients: typeof row.recipients === 'string' ? (JSON.parse(row.recipients) as unknown[]) : row.recipients,
    subject: row.subject,
    body: row.body,
  };
}

export async function listStakeholderUpdates(db: Db, incidentIds: readonly number[]): Promise<StakeholderUpdate[]> {
  if (incidentIds.length === 0) return [];
  return (
    await db<Row>('stakeholder_updates')
      .whereIn('incident_id', [...incidentIds])
      .orderBy(['incident_id', 'planned_at', 'id'])
  ).map(fromRow);
}

/** Claims the slot; the row when this caller won it, undefined when another caller holds it already. */
export async function claimStakeholderUpdate(
  db: Db,
  update: { incidentId: number; kind: StakeholderUpdateKind; slotKey: string; plannedAt: Date; severity: string; nextUpdateAt: Date | null },
): Promise<StakeholderUpdate | undefined> {
  const rows = (await db('stakeholder_updates')
    .insert({ incident_id: update.incidentId, kind: update.kind, slot_key: update.slotKey, planned_at: update.plannedAt, severity: update.severity, next_update_at: update.nextUpdateAt })
    .onConflict(['incident_id', 'slot_key'])
    .ignore()
    .returning('*')) as Row[];
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Records what was sent to whom (the text as people read it) and whether any channel took it. */
export async function finishStakeholderUpdate(db: Db, id: number, outcome: { status: 'sent' | 'failed'; recipients: unknown[]; subject: string; body: string }): Promise<void> {
  await db('stakeholder_updates')
    .where({ id })
    .update({ status: outcome.status, recipients: JSON.stringify(outcome.recipients), subject: outcome.subject, body: outcome.body });
}

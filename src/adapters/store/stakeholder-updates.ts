/**
 * `stakeholder_updates`, an outbox: one row per incident and slot, carrying what it delivers (the
 * contacts, subject and text). The row is the claim: the unique (incident, slot) index lets exactly
 * one of the replicas planning a slot insert it, and only that one sends; it ends `sent` (some channel
 * took it) or `failed`. A row still `claimed` (or `failed`) after the lease is re-claimed by one
 * runner (a conditional update on the claim time it read) and delivered again: at least once.
 */
import type { Contact } from '../../config/schemas/owners.js';
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
  claimedAt: Date;
  sentAt: Date | null;
  attempts: number;
  /** Who it goes to; null on rows claimed before the outbox (they cannot be sent again). */
  deliverTo: Contact[] | null;
  audiences: string[];
}

const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

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
  claimed_at: Date;
  sent_at: Date | null;
  attempts: number;
  deliver_to: Contact[] | string | null;
  audiences: string[] | string;
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
    recipients: fromJson<unknown[]>(row.recipients),
    subject: row.subject,
    body: row.body,
    claimedAt: toDate(row.claimed_at)!,
    sentAt: toDate(row.sent_at),
    attempts: row.attempts,
    deliverTo: fromJson<Contact[] | null>(row.deliver_to),
    audiences: fromJson<string[]>(row.audiences),
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

/** Claims the slot with what it will deliver; the row when this caller won it, undefined when another caller holds it already. */
export async function claimStakeholderUpdate(
  db: Db,
  update: {
    incidentId: number;
    kind: StakeholderUpdateKind;
    slotKey: string;
    plannedAt: Date;
    severity: string;
    nextUpdateAt: Date | null;
    claimedAt: Date;
    subject: string;
    body: string;
    deliverTo: readonly Contact[];
    audiences: readonly string[];
  },
): Promise<StakeholderUpdate | undefined> {
  const rows = (await db('stakeholder_updates')
    .insert({
      incident_id: update.incidentId,
      kind: update.kind,
      slot_key: update.slotKey,
      planned_at: update.plannedAt,
      severity: update.severity,
      next_update_at: update.nextUpdateAt,
      claimed_at: update.claimedAt,
      subject: update.subject,
      body: update.body,
      deliver_to: JSON.stringify(update.deliverTo),
      audiences: JSON.stringify(update.audiences),
    })
    .onConflict(['incident_id', 'slot_key'])
    .ignore()
    .returning('*')) as Row[];
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Records what each channel said and whether any took it (`sent_at` then). */
export async function finishStakeholderUpdate(db: Db, id: number, outcome: { status: 'sent' | 'failed'; recipients: unknown[]; at: Date }): Promise<void> {
  await db('stakeholder_updates')
    .where({ id })
    .update({ status: outcome.status, recipients: JSON.stringify(outcome.recipients), sent_at: outcome.status === 'sent' ? outcome.at : null });
}

/** Rows not sent whose claim is older than the lease (a lost send, or no channel took it), with fewer than `maxAttempts` tries. */
export async function listUnsentUpdates(db: Db, olderThan: Date, maxAttempts: number): Promise<Array<StakeholderUpdate & { issueKey: string }>> {
  const rows = (await db('stakeholder_updates as u')
    .join('incidents as i', 'i.id', 'u.incident_id')
    .whereIn('u.status', ['claimed', 'failed'])
    .where('u.claimed_at', '<', olderThan)
    .where('u.attempts', '<', maxAttempts)
    .whereNotNull('u.deliver_to')
    .whereNotNull('i.issue_key')
    .orderBy('u.id')
    .select('u.*', 'i.issue_key')) as Array<Row & { issue_key: string }>;
  return rows.map((r) => ({ ...fromRow(r), issueKey: r.issue_key }));
}

/** Takes over an unsent row: true for the one runner whose update still saw the claim time it read. */
export async function reclaimStakeholderUpdate(db: Db, update: StakeholderUpdate, at: Date): Promise<boolean> {
  const count = await db('stakeholder_updates')
    .where({ id: update.id, claimed_at: update.claimedAt })
    .whereIn('status', ['claimed', 'failed'])
    .update({ status: 'claimed', claimed_at: at, attempts: db.raw('attempts + 1') });
  return count > 0;
}

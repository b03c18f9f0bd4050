/**
 * `incident_pages` and `pagerduty_webhook_events`: the PagerDuty page of each incident (its
 * dedup_key is the incident key), which events PagerDuty accepted from us, and what its v3
 * webhooks told us. Every send is claimed by a conditional update first, so two replicas never
 * send the same event; a failed send gives its claim back.
 */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface IncidentPage {
  id: number;
  incidentId: number;
  service: string;
  dedupKey: string;
  routingKeyEnv: string;
  triggeredAt: Date | null;
  acknowledgeSentAt: Date | null;
  resolveSentAt: Date | null;
  remoteIncidentId: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
}

interface PageRow {
  id: string | number;
  incident_id: string | number;
  service: string;
  dedup_key: string;
  routing_key_env: string;
  triggered_at: Date | null;
  acknowledge_sent_at: Date | null;
  resolve_sent_at: Date | null;
  remote_incident_id: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  last_error: string | null;
  updated_at: Date;
}

function fromRow(row: PageRow): IncidentPage {
  return {
    id: toId(row.id),
    incidentId: toId(row.incident_id),
    service: row.service,
    dedupKey: row.dedup_key,
    routingKeyEnv: row.routing_key_env,
    triggeredAt: toDate(row.triggered_at),
    acknowledgeSentAt: toDate(row.acknowledge_sent_at),
    resolveSentAt: toDate(row.resolve_sent_at),
    remoteIncidentId: row.remote_incident_id,
    acknowledgedAt: toDate(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: toDate(row.resolved_at),
    lastError: row.last_error,
    updatedAt: toDate(row.updated_at)!,
  };
}

/** The page row of an incident, created once (the unique index decides between replicas): `created` for the one that made it. */
export async function claimPage(db: Db, page: { incidentId: number; service: string; dedupKey: string; routingKeyEnv: string }): Promise<{ created: boolean; page: IncidentPage }> {
  const rows = (await db('incident_pages')
    .insert({ incident_id: page.incidentId, service: page.service, dedup_key: page.dedupKey, routing_key_env: page.routingKeyEnv, channel: 'pagerduty' })
    // No conflict target: with one (incident_id, channel), a replica inserting the same page at the
    // same moment can trip the other unique index (channel, dedup_key) first, and PostgreSQL raises
    // that one instead of doing nothing (ON CONFLICT covers only its arbiter index).
    .onConflict()
    .ignore()
    .returning('*')) as PageRow[];
  if (rows[0]) return { created: true, page: fromRow(rows[0]) };
  const existing = (await db('incident_pages').where({ incident_id: page.incidentId, channel: 'pagerduty' }).first()) as PageRow;
  return { created: false, page: fromRow(existing) };
}

/** A trigger that failed is tried again by whoever takes it over after the lease (database clock). */
export async function reclaimUntriggeredPage(db: Db, id: number, leaseMs: number): Promise<boolean> {
  const count = await db('incident_pages')
    .where({ id })
    .whereNull('triggered_at')
    .andWhere('updated_at', '<', db.raw('now() - make_interval(secs => ?)', [leaseMs / 1000]))
    .update({ updated_at: db.fn.now() });
  return count > 0;
}

export async function markPageSent(db: Db, id: number, column: 'triggered_at' | 'acknowledge_sent_at' | 'resolve_sent_at', at: Date | null, error: string | null = null): Promise<void> {
  await db('incident_pages')
    .where({ id })
    .update({ [column]: at, last_error: error, updated_at: db.fn.now() });
}

/** Claims sending acknowledge or resolve: `true` for the one caller that flips the column. */
export async function claimPageSend(db: Db, id: number, column: 'acknowledge_sent_at' | 'resolve_sent_at', at: Date): Promise<boolean> {
  return (
    (await db('incident_pages')
      .where({ id })
      .whereNull(column)
      .update({ [column]: at, updated_at: db.fn.now() })) > 0
  );
}

export async function listPages(db: Db, incidentIds?: readonly number[]): Promise<IncidentPage[]> {
  const query = db('incident_pages').orderBy('id');
  if (incidentIds) query.whereIn('incident_id', [...incidentIds]);
  return ((await query) as PageRow[]).map(fromRow);
}

export async function findPageByDedupKey(db: Db, dedupKey: string): Promise<IncidentPage | undefined> {
  const row = (await db('incident_pages').where({ channel: 'pagerduty', dedup_key: dedupKey }).first()) as PageRow | undefined;
  return row ? fromRow(row) : undefined;
}

/** What a v3 webhook told us; the first report of each wins (later ones keep it). */
export async function recordRemoteState(db: Db, id: number, change: { remoteIncidentId: string; acknowledgedAt?: Date; acknowledgedBy?: string | null; resolvedAt?: Date }): Promise<void> {
  const row: Record<string, unknown> = { remote_incident_id: change.remoteIncidentId, updated_at: db.fn.now() };
  if (change.acknowledgedAt) {
    row.acknowledged_at = db.raw('coalesce(acknowledged_at, ?)', [change.acknowledgedAt]);
    row.acknowledged_by = db.raw('coalesce(acknowledged_by, ?)', [change.acknowledgedBy ?? null]);
  }
  if (change.resolvedAt) row.resolved_at = db.raw('coalesce(resolved_at, ?)', [change.resolvedAt]);
  await db('incident_pages').where({ id }).update(row);
}

/** Records a webhook event id once: `false` for a re-delivery of an event already applied. */
export async function recordWebhookEvent(db: Db, event: { eventId: string; eventType: string; remoteIncidentId: string | null; incidentId: number | null; occurredAt: Date | null }): Promise<boolean> {
  const rows = (await db('pagerduty_webhook_events')
    .insert({ event_id: event.eventId, event_type: event.eventType, remote_incident_id: event.remoteIncidentId, incident_id: event.incidentId, occurred_at: event.occurredAt })
    .onConflict('event_id')
    .ignore()
    .returning('event_id')) as Array<{ event_id: string }>;
  return rows.length > 0;
}

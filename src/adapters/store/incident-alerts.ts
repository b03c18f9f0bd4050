/**
 * `incident_alerts`: monitoring alerts, one row per firing episode of a source's fingerprint (the
 * partial unique index makes re-sends and racing replicas meet on one row), the incident each
 * opened or joined, and the work left on it (the row is its own queue entry: `pending_since`).
 */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface StoredAlert {
  id: number;
  source: string;
  fingerprint: string;
  service: string;
  region: string | null;
  severity: string;
  action: 'incident' | 'notify';
  title: string;
  incidentId: number | null;
  firstFiredAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  deliveries: number;
  ownerNotifiedAt: Date | null;
  resolutionRecordedAt: Date | null;
  incidentNotedAt: Date | null;
  notifyAfter: Date | null;
  revision: number;
  payloadSummary: Record<string, unknown>;
}

interface AlertRow {
  id: string | number;
  source: string;
  fingerprint: string;
  service: string;
  region: string | null;
  severity: string;
  action: 'incident' | 'notify';
  title: string;
  incident_id: string | number | null;
  first_fired_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  deliveries: number;
  owner_notified_at: Date | null;
  resolution_recorded_at: Date | null;
  incident_noted_at: Date | null;
  notify_after: Date | null;
  revision: number;
  payload_summary: Record<string, unknown> | string;
}

export function fromRow(row: AlertRow): StoredAlert {
  return {
    id: toId(row.id),
    source: row.source,
    fingerprint: row.fingerprint,
    service: row.service,
    region: row.region,
    severity: row.severity,
    action: row.action,
    title: row.title,
    incidentId: row.incident_id === null ? null : toId(row.incident_id),
    firstFiredAt: toDate(row.first_fired_at)!,
    lastSeenAt: toDate(row.last_seen_at)!,
    resolvedAt: toDate(row.resolved_at),
    deliveries: row.deliveries,
    ownerNotifiedAt: toDate(row.owner_notified_at),
    resolutionRecordedAt: toDate(row.resolution_recorded_at),
    incidentNotedAt: toDate(row.incident_noted_at),
    notifyAfter: toDate(row.notify_after),
    revision: row.revision,
    payloadSummary: typeof row.payload_summary === 'string' ? (JSON.parse(row.payload_summary) as Record<string, unknown>) : row.payload_summary,
  };
}

/** An alert routed to a service, as the webhook records it. */
export interface AlertDelivery {
  source: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  service: string;
  region: string | null;
  severity: string;
  action: 'incident' | 'notify';
  title: string;
  startsAt: Date | null;
  endsAt: Date | null;
  payloadSummary: Record<string, unknown>;
}

/** What one delivery did: a new firing episode or a resolution (work queued), or a repeat of what we knew. */
export type DeliveryOutcome = 'new' | 'repeat' | 'resolved' | 'resolved-repeat' | 'resolved-unseen';

/**
 * Records a delivery in one statement per alert. A firing alert inserts its episode, or (same
 * source and fingerprint still firing) only counts the repeat: no new work. A resolution closes the
 * firing episode and queues its recording on the incident.
 */
export async function recordAlertDelivery(db: Db, alert: AlertDelivery, at: Date): Promise<{ id: number; outcome: DeliveryOutcome }> {
  const base = {
    source: alert.source,
    fingerprint: alert.fingerprint,
    service: alert.service,
    region: alert.region,
    severity: alert.severity,
    action: alert.action,
    title: alert.title,
    first_fired_at: alert.startsAt ?? at,
    last_seen_at: at,
    payload_summary: JSON.stringify(alert.payloadSummary),
  };
  if (alert.status === 'firing') {
    const rows = (await db('incident_alerts')
      .insert({ ...base, pending_since: at })
      .onConflict(db.raw('(source, fingerprint) WHERE resolved_at IS NULL') as unknown as string)
      .merge({ last_seen_at: at, deliveries: db.raw('incident_alerts.deliveries + 1'), updated_at: db.fn.now() })
      .returning(['id', db.raw('(xmax = 0) AS inserted')])) as Array<{ id: string | number; inserted: boolean }>;
    return { id: toId(rows[0]!.id), outcome: rows[0]!.inserted ? 'new' : 'repeat' };
  }
  const resolvedAt = alert.endsAt ?? at;
  const closed = (await db('incident_alerts')
    .where({ source: alert.source, fingerprint: alert.fingerprint })
    .whereNull('resolved_at')
    .update({ resolved_at: resolvedAt, last_seen_at: at, deliveries: db.raw('deliveries + 1'), pending_since: at, revision: db.raw('revision + 1'), updated_at: db.fn.now() })
    .returning('id')) as Array<{ id: string | number }>;
  if (closed[0]) return { id: toId(closed[0].id), outcome: 'resolved' };
  const latest = await db('incident_alerts').where({ source: alert.source, fingerprint: alert.fingerprint }).orderBy('id', 'desc').first('id');
  if (latest) {
    await db('incident_alerts')
      .where({ id: latest.id })
      .update({ last_seen_at: at, deliveries: db.raw('deliveries + 1'), updated_at: db.fn.now() });
    return { id: toId(latest.id), outcome: 'resolved-repeat' };
  }
  // A resolution for an alert we never saw firing (sent before casebridge listened): kept, nothing to do.
  const rows = (await db('incident_alerts')
    .insert({ ...base, resolved_at: resolvedAt })
    .returning('id')) as Array<{ id: string | number }>;
  return { id: toId(rows[0]!.id), outcome: 'resolved-unseen' };
}

/**
 * Claims pending rows for a lease (SKIP LOCKED: replicas take different rows). Rows held for quiet
 * hours wait until `notify_after`.
 */
export async function claimPendingAlerts(db: Db, options: { now: Date; leaseMs: number; limit: number; ids?: readonly number[] }): Promise<StoredAlert[]> {
  const candidates = db('incident_alerts')
    .select('id')
    .whereNotNull('pending_since')
    .andWhere((q) => q.whereNull('notify_after').orWhere('notify_after', '<=', options.now))
    .andWhere((q) => q.whereNull('claimed_at').orWhere('claimed_at', '<', db.raw('now() - make_interval(secs => ?)', [options.leaseMs / 1000])))
    .orderBy('id')
    .limit(options.limit)
    .forUpdate()
    .skipLocked();
  if (options.ids) candidates.whereIn('id', [...options.ids]);
  const rows = (await db('incident_alerts').whereIn('id', candidates).update({ claimed_at: db.fn.now() }).returning('*')) as AlertRow[];
  return rows.map(fromRow).sort((a, b) => a.id - b.id);
}

/** Done with a claimed row: no longer pending, unless it changed (a resolution came) since it was claimed. */
export async function finishAlert(db: Db, id: number, claimedRevision: number): Promise<boolean> {
  const done = await db('incident_alerts').where({ id, revision: claimedRevision }).update({ pending_since: null, claimed_at: null, updated_at: db.fn.now() });
  if (done === 0) await db('incident_alerts').where({ id }).update({ claimed_at: null });
  return done > 0;
}

/** Keeps a claimed row pending for later (quiet hours, an incident issue not created yet). */
export async function deferAlert(db: Db, id: number, notifyAfter: Date | null): Promise<void> {
  await db('incident_alerts').where({ id }).update({ claimed_at: null, notify_after: notifyAfter, updated_at: db.fn.now() });
}

/** Links the alert to an incident once: only the caller that sets it gets `true`. */
export async function linkAlertToIncident(db: Db, id: number, incidentId: number): Promise<boolean> {
  return (await db('incident_alerts').where({ id }).whereNull('incident_id').update({ incident_id: incidentId, updated_at: db.fn.now() })) > 0;
}

/** Conditional one-time markers (`owner_notified_at`, `resolution_recorded_at`, `incident_noted_at`): `true` for the caller that set it. */
export async function claimAlertMarker(db: Db, id: number, column: 'owner_notified_at' | 'resolution_recorded_at' | 'incident_noted_at', at: Date): Promise<boolean> {
  return (
    (await db('incident_alerts')
      .where({ id })
      .whereNull(column)
      .update({ [column]: at })) > 0
  );
}

export async function releaseAlertMarker(db: Db, id: number, column: 'owner_notified_at' | 'resolution_recorded_at' | 'incident_noted_at'): Promise<void> {
  await db('incident_alerts')
    .where({ id })
    .update({ [column]: null });
}

export async function listAlertsOfIncident(db: Db, incidentId: number): Promise<StoredAlert[]> {
  return ((await db('incident_alerts').where({ incident_id: incidentId }).orderBy('id')) as AlertRow[]).map(fromRow);
}

export async function listAlerts(db: Db): Promise<StoredAlert[]> {
  return ((await db('incident_alerts').orderBy('id')) as AlertRow[]).map(fromRow);
}

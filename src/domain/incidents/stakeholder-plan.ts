/**
 * Which stakeholder update an incident is due, and who hears it. Updates go out on opening, on a
 * severity change, when the incident goes global, every `intervalMinutes[severity]` while open, and
 * on resolution. Each has a slot key that every replica computes alike from the stored updates, so
 * the store's unique (incident, slot) claim lets exactly one of them send it. Pure: `now` is given.
 */
import type { StakeholderAudience } from '../../config/schemas/incident-stakeholders.js';
import type { Severity } from './opening.js';

export type StakeholderUpdateKind = 'opened' | 'severity' | 'global' | 'interval' | 'resolved';

/** An update already claimed for the incident (sent or being sent). */
export interface SentUpdate {
  kind: StakeholderUpdateKind;
  slotKey: string;
  /** The moment the update stands for; intervals count from the latest one. */
  plannedAt: Date;
  severity: string;
}

export interface PlanInput {
  severity: Severity;
  resolvedAt: Date | null;
  isGlobal: boolean;
  sent: readonly SentUpdate[];
  intervalMinutes: Readonly<Record<Severity, number>>;
  now: Date;
}

export interface PlannedUpdate {
  kind: StakeholderUpdateKind;
  slotKey: string;
  plannedAt: Date;
  /** When the next scheduled update comes; null after the resolution or without an interval. */
  nextUpdateAt: Date | null;
  /** The severity the previous update told, for a severity change. */
  previousSeverity: string | null;
}

/** The one update due now (the most important first), or null. One per call: the next run takes the next. */
export function planStakeholderUpdate(input: PlanInput): PlannedUpdate | null {
  const { sent, now } = input;
  if (sent.some((u) => u.kind === 'resolved')) return null;
  const minutes = input.intervalMinutes[input.severity];
  const next = (from: Date) => (minutes > 0 ? new Date(from.getTime() + minutes * 60_000) : null);
  const latest = [...sent].sort((a, b) => b.plannedAt.getTime() - a.plannedAt.getTime())[0];
  const previousSeverity = latest?.severity ?? null;
  const plan = (kind: StakeholderUpdateKind, slotKey: string, plannedAt: Date, nextUpdateAt: Date | null): PlannedUpdate => ({ kind, slotKey, plannedAt, nextUpdateAt, previousSeverity });

  if (input.resolvedAt !== null) return plan('resolved', 'resolved', input.resolvedAt, null);
  if (!latest) return plan('opened', 'opened', now, next(now));
  const has = (slotKey: string) => sent.some((u) => u.slotKey === slotKey);
  if (latest.severity !== input.severity && !has(`severity:${input.severity}`)) return plan('severity', `severity:${input.severity}`, now, next(now));
  if (input.isGlobal && !has('global')) return plan('global', 'global', now, next(now));
  if (minutes === 0) return null;
  // Due a whole interval after the latest update; the slot is named by its due time (the same for
  // every replica); it stands for `now`, so after an outage one update catches up, not a burst.
  const dueAt = new Date(latest.plannedAt.getTime() + minutes * 60_000);
  if (now.getTime() < dueAt.getTime()) return null;
  return plan('interval', `interval:${dueAt.toISOString()}`, now, next(now));
}

/**
 * The audiences an update goes to: those of the incident's regions and of its service (a business
 * line). A global incident, and one whose region nobody knows yet, goes to every region's audience.
 */
export function selectAudiences(audiences: Readonly<Record<string, StakeholderAudience>>, incident: { service: string; regions: readonly string[]; isGlobal: boolean }): string[] {
  const everyRegion = incident.isGlobal || incident.regions.length === 0;
  return Object.entries(audiences)
    .filter(([, a]) => a.services.includes(incident.service) || (a.regions.length > 0 && (everyRegion || a.regions.some((r) => incident.regions.includes(r)))))
    .map(([id]) => id);
}

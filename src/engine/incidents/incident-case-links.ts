/**
 * How cases join incidents: the burst window's unlinked cases and a pass's self-opening cases join
 * the service's incident, and a key an agent typed into a case links it to that incident. Apart from
 * the pass (open-incidents.ts), which decides when an incident opens; this file decides which cases
 * it holds.
 */
import type { CaseRecord } from '../../domain/sync/records.js';
import { appendAudit } from '../../adapters/store/audit-log.js';
import { getIncidentCases, insertSeenCases, linkCaseTo, linkUnlinkedCaseIds, linkUnlinkedCases } from '../../adapters/store/incident-cases.js';
import { getIncidentByKey } from '../../adapters/store/incident-tracking.js';
import { decideOpening } from '../../domain/incidents/opening.js';
import type { EngineContext } from '../context.js';
import { nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';

/**
 * Links the service's unlinked cases created since the burst window before the incident started
 * (or before now, whichever is earlier), plus this pass's cases that open incidents on their own
 * (a case raised to P1 long after it was created). Older cases seen for the first time, such as a
 * backfill of history, are not pulled into a current incident.
 */
export async function linkServiceCases(
  ctx: EngineContext,
  deps: IncidentDeps,
  service: string,
  windowStart: Date,
  records: readonly CaseRecord[],
  incident: { id: number; startedAt: Date },
): Promise<string[]> {
  const windowMs = deps.config.opening.burst.withinMinutes * 60_000;
  const since = new Date(Math.min(windowStart.getTime(), incident.startedAt.getTime() - windowMs));
  const inWindow = await linkUnlinkedCases(ctx.db, service, since, incident.id);
  const triggers = records.filter((r) => opensAlone(deps, r));
  const ofPass = await linkUnlinkedCaseIds(
    ctx.db,
    triggers.map((r) => r.id),
    incident.id,
  );
  return [...inWindow, ...ofPass];
}

/** A case whose incident field names a known incident it is not linked to gets linked to it. */
export async function linkTypedKeys(ctx: EngineContext, deps: IncidentDeps, cases: readonly CaseRecord[], touched: Set<number>, correlationId: string): Promise<void> {
  const field = deps.config.cases.incidentKeyField;
  const typed = cases.filter((c) => typeof c.fields[field] === 'string' && String(c.fields[field]).trim() !== '');
  if (typed.length === 0) return;
  const rows = new Map(
    (
      await getIncidentCases(
        ctx.db,
        typed.map((c) => c.id),
      )
    ).map((r) => [r.caseId, r]),
  );
  for (const record of typed) {
    const key = String(record.fields[field]).trim();
    const row = rows.get(record.id);
    if (row && row.informedKey === key) continue;
    const incident = await getIncidentByKey(ctx.db, key);
    if (!incident) {
      ctx.logger.info({ caseId: record.id, key }, 'case names an incident key casebridge does not know; left alone');
      continue;
    }
    if (row?.incidentId === incident.id) continue;
    if (!row) {
      await insertSeenCases(ctx.db, [seenCaseOf(record, incident.service, nowOf(deps))]);
    }
    await linkCaseTo(ctx.db, record.id, incident.id);
    if (row?.incidentId) touched.add(row.incidentId);
    touched.add(incident.id);
    await appendAudit(ctx.db, [
      { system: 'casebridge', objectType: 'incident-link', objectId: record.id, action: 'link-typed-key', before: { incidentId: row?.incidentId ?? null }, after: { issueKey: key }, correlationId },
    ]);
  }
}

/** Whether the case opens an incident by itself (its priority), whatever the burst count. */
export function opensAlone(deps: IncidentDeps, record: CaseRecord): boolean {
  return decideOpening(deps.config.opening, { priority: (record.fields.Priority as string | null) ?? null, topic: (record.fields.Topic__c as string | null) ?? null, recentCaseCount: 0 }).open;
}

/** The row recording a case as seen on a service; a case without a readable creation time counts as created at `createdFallback`. */
export function seenCaseOf(record: CaseRecord, service: string, createdFallback: Date): { caseId: string; service: string; caseCreatedAt: Date; accountId: string | null; tier: string | null } {
  return {
    caseId: record.id,
    service,
    caseCreatedAt: readDate(record.fields.CreatedDate) ?? createdFallback,
    accountId: (record.fields.AccountId as string | null) ?? null,
    tier: (record.fields.Customer_Tier__c as string | null) ?? null,
  };
}

function readDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * The incident part of a sync pass: cases seen on a service are recorded; a case of an opening
 * priority, or a burst on one service, opens an incident once (the store's partial unique index
 * decides between racing workers); later cases of the service link to the open incident; a key an
 * agent typed into the case's incident field links the case to that incident. Which cases join an
 * incident, and how, is in incident-case-links.ts.
 */
import type { CaseRecord } from '../../domain/sync/records.js';
import { appendAudit } from '../../adapters/store/audit-log.js';
import { countUnlinkedSince, getIncidentCases, insertSeenCases, listCasesOfIncident } from '../../adapters/store/incident-cases.js';
import { openIncidentOnce } from '../../adapters/store/incidents.js';
import { findOpenIncident, getTrackedIncident, setOpeningDetails } from '../../adapters/store/incident-tracking.js';
import type { TrackedIncident } from '../../adapters/store/incident-tracking.js';
import { findServiceOfTopic } from '../../domain/incidents/directory.js';
import { decideOpening, pickHigherSeverity } from '../../domain/incidents/opening.js';
import type { OpeningDecision, Severity } from '../../domain/incidents/opening.js';
import type { EngineContext, PassData } from '../context.js';
import { accountIdOf, nowOf } from './deps.js';
import type { IncidentDeps } from './deps.js';
import { runEscalation } from './escalate.js';
import { linkServiceCases, linkTypedKeys, opensAlone, seenCaseOf } from './incident-case-links.js';
import { createIncidentIssue } from './incident-issue.js';
import { raiseIncidentSeverity, refreshIncident } from './inform-cases.js';

/** Case fields the incident pass reads besides the sync's own. */
export const INCIDENT_CASE_FIELDS = ['AccountId', 'Customer_Tier__c', 'CreatedDate', 'IsClosed'] as const;

export interface IncidentPassOutcome {
  opened: Array<{ incidentId: number; service: string; issueKey: string | null }>;
  linked: number;
}

export async function handleIncidentPass(ctx: EngineContext, deps: IncidentDeps, pass: Pick<PassData, 'cases' | 'correlationId'>): Promise<IncidentPassOutcome> {
  const outcome: IncidentPassOutcome = { opened: [], linked: 0 };
  const now = nowOf(deps);
  const touched = new Set<number>();
  const serviceOf = (record: CaseRecord) => findServiceOfTopic(deps.owners, (record.fields.Topic__c as string | null) ?? null);
  const open = pass.cases.filter((c) => c.fields.IsClosed !== true && serviceOf(c) !== undefined);
  const newIds = new Set(
    await insertSeenCases(
      ctx.db,
      open.map((c) => seenCaseOf(c, serviceOf(c)!, now)),
    ),
  );

  await linkTypedKeys(ctx, deps, pass.cases, touched, pass.correlationId);

  const windowStart = new Date(now.getTime() - deps.config.opening.burst.withinMinutes * 60_000);
  // Cases seen before count again only when they now open an incident alone (raised to P1) and are in none.
  const raised = open.filter((c) => !newIds.has(c.id) && opensAlone(deps, c));
  const raisedUnlinked = new Set(
    (
      await getIncidentCases(
        ctx.db,
        raised.map((c) => c.id),
      )
    )
      .filter((r) => r.incidentId === null)
      .map((r) => r.caseId),
  );
  const byService = new Map<string, CaseRecord[]>();
  for (const record of open) {
    if (newIds.has(record.id) || raisedUnlinked.has(record.id)) byService.set(serviceOf(record)!, [...(byService.get(serviceOf(record)!) ?? []), record]);
  }

  for (const [service, records] of byService) {
    let incident = await findOpenIncident(ctx.db, service);
    if (!incident) {
      const count = await countUnlinkedSince(ctx.db, service, windowStart);
      const decision = records
        .map((r) => decideOpening(deps.config.opening, { priority: (r.fields.Priority as string | null) ?? null, topic: (r.fields.Topic__c as string | null) ?? null, recentCaseCount: count }))
        .reduce<OpeningDecision>((best, d) => (!d.open ? best : !best.open ? d : { ...best, severity: pickHigherSeverity(best.severity, d.severity as Severity) }), { open: false });
      if (!decision.open) continue;
      const opening = await openServiceIncident(ctx, deps, { service, severity: decision.severity, reason: decision.reason, startedAt: now });
      incident = opening.incident;
      if (opening.opened) {
        const linked = await linkServiceCases(ctx, deps, service, windowStart, records, incident);
        outcome.linked += linked.length;
        const key = await createIncidentIssue(ctx, deps, incident, await listCasesOfIncident(ctx.db, incident.id), String(records[0]!.fields.Subject ?? 'cases from support'), pass.correlationId);
        outcome.opened.push({ incidentId: incident.id, service, issueKey: key });
        await appendAudit(ctx.db, [
          {
            system: 'casebridge',
            objectType: 'incident',
            objectId: String(incident.id),
            action: 'open',
            after: { service, severity: decision.severity, reason: decision.reason, issueKey: key, cases: linked },
            correlationId: pass.correlationId,
          },
        ]);
        touched.add(incident.id);
        continue;
      }
    }
    if (!incident) continue;
    const linked = await linkServiceCases(ctx, deps, service, windowStart, records, incident);
    outcome.linked += linked.length;
    if (linked.length > 0) touched.add(incident.id);
    // A P1 joining a burst incident makes it as severe as the P1 alone would have.
    const severest = records
      .filter((r) => linked.includes(r.id))
      .map((r) => decideOpening(deps.config.opening, { priority: (r.fields.Priority as string | null) ?? null, topic: (r.fields.Topic__c as string | null) ?? null, recentCaseCount: 0 }))
      .reduce<Severity | null>((best, d) => (!d.open ? best : best === null ? d.severity : pickHigherSeverity(best, d.severity)), null);
    if (severest) await raiseIncidentSeverity(ctx, deps, incident, severest, pass.correlationId);
  }
  for (const id of touched) await refreshIncident(ctx, deps, id, pass.correlationId);
  // The first step of each new incident's chain hears of it now (with current counts), not at the next walk.
  const fresh = outcome.opened.filter((o) => o.issueKey !== null).map((o) => o.incidentId);
  if (fresh.length > 0) await runEscalation(ctx, deps, { incidentIds: fresh });
  return outcome;
}

/**
 * The one way an incident opens, for cases and monitoring alerts alike: the store's partial unique
 * index (one open incident per service) lets exactly one caller open it, however many workers or
 * replicas race; every other caller gets the open incident to join.
 */
export async function openServiceIncident(
  ctx: EngineContext,
  deps: IncidentDeps,
  input: { service: string; severity: Severity; reason: 'priority' | 'burst' | 'alert'; startedAt: Date },
): Promise<{ opened: boolean; incident: TrackedIncident }> {
  const opened = await openIncidentOnce(ctx.db, { service: input.service, severity: input.severity, status: 'Open', startedAt: input.startedAt });
  if (opened.opened) {
    const assignee = accountIdOf(deps, deps.owners.services[input.service]?.incidentAssignee);
    await setOpeningDetails(ctx.db, opened.incident.id, { openedReason: input.reason, initialAssignee: assignee });
  }
  const incident = await getTrackedIncident(ctx.db, opened.incident.id);
  if (!incident) throw new Error(`incident ${opened.incident.id} of ${input.service} vanished after opening`);
  return { opened: opened.opened, incident };
}

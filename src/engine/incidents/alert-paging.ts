/**
 * PagerDuty as a channel of the on-call chain, kept in step with the incidents by state: an
 * incident whose chain has started is triggered once (dedup_key = the incident key, so a repeat
 * would only join PagerDuty's open alert); acknowledged in casebridge (Jira) and not already in
 * PagerDuty → acknowledge; resolved → resolve. Each send is claimed in `incident_pages` first; a
 * failed send gives its claim back and is tried again at the next walk. Routing keys stay in memory.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import { claimPage, claimPageSend, listPages, markPageSent, reclaimUntriggeredPage } from '../../adapters/store/incident-pages.js';
import type { IncidentPage } from '../../adapters/store/incident-pages.js';
import { listActiveIncidents } from '../../adapters/store/incident-tracking.js';
import type { TrackedIncident } from '../../adapters/store/incident-tracking.js';
import type { PagerDutyEvent, PagerDutyEvents } from '../../adapters/notify/pagerduty.js';
import type { EngineContext } from '../context.js';
import type { IncidentDeps, IncidentPager } from './deps.js';
import { issuesOf } from './deps.js';

/** A service's routing key and the name of the variable it came from (what may be shown). */
export interface RoutingKey {
  envName: string;
  key: string;
}

export interface PagingOutcome {
  triggered: string[];
  acknowledged: string[];
  resolved: string[];
  failed: string[];
}

const PD_SEVERITY: Record<string, PagerDutyEvent['severity']> = { SEV1: 'critical', SEV2: 'error', SEV3: 'warning', SEV4: 'info' };

export function createPagerDutyPager(options: {
  events: PagerDutyEvents;
  routingKeys: Readonly<Record<string, RoutingKey>>;
  triggerLeaseMs?: number;
}): IncidentPager & { syncPages(ctx: EngineContext, deps: IncidentDeps): Promise<PagingOutcome> } {
  const leaseMs = options.triggerLeaseMs ?? 30_000;
  return {
    async syncPages(ctx, deps) {
      const outcome: PagingOutcome = { triggered: [], acknowledged: [], resolved: [], failed: [] };
      const incidents = (await listActiveIncidents(ctx.db)).filter((i): i is TrackedIncident & { issueKey: string } => i.issueKey !== null && options.routingKeys[i.service] !== undefined);
      if (incidents.length === 0) return outcome;
      const pages = new Map(
        (
          await listPages(
            ctx.db,
            incidents.map((i) => i.id),
          )
        ).map((p) => [p.incidentId, p]),
      );
      for (const incident of incidents) {
        const routing = options.routingKeys[incident.service]!;
        const send = async (page: IncidentPage, event: Omit<PagerDutyEvent, 'routingKey' | 'dedupKey'>, column: 'triggered_at' | 'acknowledge_sent_at' | 'resolve_sent_at'): Promise<boolean> => {
          try {
            await options.events.send({ ...event, routingKey: routing.key, dedupKey: page.dedupKey });
            await markPageSent(ctx.db, page.id, column, new Date());
            await appendAudit(ctx.db, [
              { system: 'casebridge', objectType: 'page', objectId: incident.issueKey, action: `pagerduty-${event.action}`, after: { dedupKey: page.dedupKey, routingKeyEnv: routing.envName } },
            ]);
            return true;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await markPageSent(ctx.db, page.id, column, null, message);
            ctx.logger.warn({ issueKey: incident.issueKey, action: event.action, routingKeyEnv: routing.envName, error: message }, 'PagerDuty event not accepted; tried again at the next walk');
            outcome.failed.push(incident.issueKey);
            return false;
          }
        };
        let page = pages.get(incident.id);
        if (!page || page.triggeredAt === null) {
          // Paged once the chain has started; an incident resolved or acknowledged before that wakes nobody.
          if (incident.escalationStep < 0 || incident.resolvedAt !== null || incident.acknowledgedAt !== null) continue;
          if (!page) {
            const claimed = await claimPage(ctx.db, { incidentId: incident.id, service: incident.service, dedupKey: incident.issueKey, routingKeyEnv: routing.envName });
            if (!claimed.created) continue;
            page = claimed.page;
          } else if (!(await reclaimUntriggeredPage(ctx.db, page.id, leaseMs))) continue;
          const summary = `[${incident.severity}] ${incident.service}: incident ${incident.issueKey} (${incident.linkedCaseCount} case(s) linked)`;
          const url = issuesOf(ctx, deps).browseUrl(incident.issueKey);
          if (
            !(await send(
              page,
              {
                action: 'trigger',
                summary,
                source: `casebridge:${incident.service}`,
                severity: PD_SEVERITY[incident.severity] ?? 'critical',
                customDetails: { incident: incident.issueKey, service: incident.service },
                links: [{ href: url, text: incident.issueKey }],
              },
              'triggered_at',
            ))
          )
            continue;
          outcome.triggered.push(incident.issueKey);
          page = { ...page, triggeredAt: new Date() };
        }
        if (incident.resolvedAt !== null) {
          if (page.resolvedAt === null && page.resolveSentAt === null && (await claimPageSend(ctx.db, page.id, 'resolve_sent_at', new Date())))
            if (await send(page, { action: 'resolve' }, 'resolve_sent_at')) outcome.resolved.push(incident.issueKey);
        } else if (incident.acknowledgedAt !== null && page.acknowledgedAt === null && page.acknowledgeSentAt === null) {
          if (await claimPageSend(ctx.db, page.id, 'acknowledge_sent_at', new Date()))
            if (await send(page, { action: 'acknowledge' }, 'acknowledge_sent_at')) outcome.acknowledged.push(incident.issueKey);
        }
      }
      return outcome;
    },
  };
}

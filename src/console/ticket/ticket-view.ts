/**
 * What the ticket page shows of one case: its facts and links, each clock as the SLA engine
 * evaluates it now from the stored history (with the day-by-day arithmetic), the linked issue and
 * incident, and the timeline.
 */
import { listLinksForCases } from '../../adapters/store/links.js';
import { getSnapshots } from '../../adapters/store/snapshots.js';
import { getHistory } from '../../adapters/store/status-history.js';
import { getIncidentOfCase, getTicketByCaseNumber, listAuditOfObjects } from '../../adapters/store/ticket-page.js';
import type { Incident } from '../../adapters/store/incidents.js';
import type { Ticket } from '../../adapters/store/tickets.js';
import { explainTicket } from '../../domain/sla/explain.js';
import type { HolidayProvider } from '../../domain/sla/holidays.js';
import { STATUS_SNAPSHOT } from '../../domain/sync/plan-pair.js';
import { toSlaTicket } from '../../engine/sla/evaluate.js';
import { pairObjectId } from '../../engine/sync-cases.js';
import { CasebridgeError } from '../../errors.js';
import type { ConsoleDeps } from '../deps.js';
import type { ConsoleNames, TopicName } from '../names.js';
import type { ClockExplanationView } from './clock-explanation.js';
import { toClockExplanationView } from './clock-explanation.js';
import { buildTimeline } from './timeline.js';
import type { TimelineItem } from './timeline.js';

/** Audit entries shown at most (the newest). */
const AUDIT_LIMIT = 300;

export interface TicketView {
  ticket: Ticket;
  topicName?: TopicName;
  team?: string;
  salesforceUrl: string;
  issue?: { key: string; url: string; status?: string };
  incident?: Incident & { url?: string };
  policy: string | null;
  clocks: ClockExplanationView[];
  /** Why no clock could be evaluated (no sla.yaml, a region no calendar knows). */
  slaProblem?: string;
  timeline: TimelineItem[];
}

export async function loadTicketView(deps: ConsoleDeps, names: ConsoleNames, holidays: HolidayProvider | undefined, caseNumber: string, viewerZone: string): Promise<TicketView | undefined> {
  const ticket = await getTicketByCaseNumber(deps.db, caseNumber);
  if (!ticket) return undefined;
  const now = deps.now();
  const site = deps.links.jiraSiteUrl.replace(/\/+$/, '');
  const [history, links, incident] = await Promise.all([getHistory(deps.db, [ticket.caseId]), listLinksForCases(deps.db, [ticket.caseId]), getIncidentOfCase(deps.db, ticket.caseId)]);
  const events = history.get(ticket.caseId) ?? [];
  const issueKey = links.find((l) => l.issueKey)?.issueKey ?? undefined;
  const objectIds = [ticket.caseId, ...(issueKey ? [issueKey] : [])];
  const [audit, snapshots] = await Promise.all([listAuditOfObjects(deps.db, objectIds, AUDIT_LIMIT), issueKey ? getSnapshots(deps.db, 'jira', [pairObjectId(issueKey, ticket.caseId)]) : undefined]);
  const jiraStatus = issueKey ? snapshots?.get(pairObjectId(issueKey, ticket.caseId))?.get(STATUS_SNAPSHOT)?.value : undefined;

  let clocks: ClockExplanationView[] = [];
  let policy: string | null = null;
  let slaProblem: string | undefined = deps.sla ? undefined : 'No SLA is configured (config/sla.yaml).';
  if (deps.sla) {
    try {
      const explained = explainTicket(deps.sla, toSlaTicket(ticket, events), now.getTime(), holidays);
      policy = explained.evaluation.policy;
      clocks = explained.clocks.map((clock) => toClockExplanationView(clock, now, viewerZone));
      if (!policy) slaProblem = 'No SLA policy matches this ticket (priority, tier, region), so it has no clocks.';
    } catch (error) {
      if (!(error instanceof CasebridgeError)) throw error;
      slaProblem = error.message;
    }
  }
  const topicName = names.topic(ticket.topic);
  const team = names.teamOfTopic(ticket.topic);
  return {
    ticket,
    ...(topicName ? { topicName } : {}),
    ...(team ? { team } : {}),
    salesforceUrl: `${deps.links.salesforceInstanceUrl.replace(/\/+$/, '')}/lightning/r/Case/${encodeURIComponent(ticket.caseId)}/view`,
    ...(issueKey ? { issue: { key: issueKey, url: `${site}/browse/${encodeURIComponent(issueKey)}`, ...(typeof jiraStatus === 'string' ? { status: jiraStatus } : {}) } } : {}),
    ...(incident ? { incident: { ...incident, ...(incident.issueKey ? { url: `${site}/browse/${encodeURIComponent(incident.issueKey)}` } : {}) } } : {}),
    policy,
    clocks,
    ...(slaProblem ? { slaProblem } : {}),
    timeline: buildTimeline({ createdAt: ticket.createdAt, history: events, audit, ...(deps.sla ? { statusRules: deps.sla.statusRules } : {}), names }),
  };
}

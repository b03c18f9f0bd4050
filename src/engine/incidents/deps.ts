/** What the incident capability needs besides the engine context. */
import type { IncidentsConfig } from '../../config/schemas/incidents.js';
import type { OwnersConfig } from '../../config/schemas/owners.js';
import type { ContactNotifier } from '../../adapters/notify/contact-notifier.js';
import type { IssueSystem } from '../ports.js';
import type { EngineContext } from '../context.js';

export interface IncidentDeps {
  config: IncidentsConfig;
  owners: OwnersConfig;
  notifier: ContactNotifier;
  /**
   * Jira access for incidents; its reads must include `subtasks` and `resolutiondate` (see
   * {@link INCIDENT_JIRA_FIELDS}). Default: the engine's issue system.
   */
  issues?: IssueSystem;
  /** The clock (a fake one in tests). Default: the system clock. */
  now?: () => Date;
  /** Paging beyond Slack and e-mail (PagerDuty): brought in step with the incidents after every escalation walk. */
  pager?: IncidentPager;
}

/** A paging channel of the on-call chain, kept in step with the incidents' state (see engine/incidents/alert-paging.ts). */
export interface IncidentPager {
  syncPages(ctx: EngineContext, deps: IncidentDeps): Promise<unknown>;
}

/** What each scheduled incident job gets. */
export interface IncidentJobDeps {
  ctx: EngineContext;
  incidents: IncidentDeps;
}

/** Jira fields the incident watcher reads besides the standard ones. */
export function incidentJiraFields(config: IncidentsConfig): string[] {
  return ['subtasks', 'resolutiondate', ...Object.values(config.jira.fields)];
}

export const nowOf = (deps: IncidentDeps): Date => (deps.now ? deps.now() : new Date());
export const issuesOf = (ctx: EngineContext, deps: IncidentDeps): IssueSystem => deps.issues ?? ctx.issues;

/** Jira's datetime input shape (`2026-11-26T10:15:30.000+0000`). */
export function toJiraDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** Account id of a contact of the directory, if it has one. */
export function accountIdOf(deps: IncidentDeps, contactId: string | undefined): string | null {
  return (contactId && deps.owners.contacts[contactId]?.jiraAccountId) || null;
}

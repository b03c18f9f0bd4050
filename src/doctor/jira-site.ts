/**
 * What casebridge expects of the Jira site, from the config: the projects and issue types it routes
 * to with the statuses it maps, the incident project's statuses, and the admin webhook it needs.
 * Pure; shared by `doctor` (checks) and `jira setup` (what to create).
 */
import type { FileConfigs } from '../config/load.js';
import { withOwnerRouting } from '../domain/incidents/owner-routing.js';
import { CASEBRIDGE_WEBHOOK_EVENTS, casebridgeWebhookName } from '../adapters/jira/admin-webhooks.js';

/** An issue type casebridge creates issues of in a project, with the statuses it needs and maps. */
export interface ExpectedIssueType {
  project: string;
  issueType: string;
  /** Statuses casebridge moves issues into or waits for; each must be in the workflow. */
  required: Array<{ status: string; why: string }>;
  /** When set, every workflow status must be one of these (the status map is total). */
  mapped?: readonly string[];
}

export function expectedIssueTypes(files: FileConfigs): ExpectedIssueType[] {
  const sync = files.owners ? withOwnerRouting(files.sync!, files.owners) : files.sync!;
  const required = Object.entries(sync.statusMap.toJira).flatMap(([caseStatus, m]) => (m === 'ignore' ? [] : [{ status: m.jiraStatus, why: `statusMap.toJira ${caseStatus}` }]));
  const mapped = Object.keys(sync.statusMap.toSalesforce);
  const targets = [sync.routing.default, ...sync.routing.rules.map((r) => r.target)];
  const seen = new Set<string>();
  const expected: ExpectedIssueType[] = [];
  for (const target of targets) {
    const issueType = target.issueType ?? sync.routing.default.issueType;
    const key = `${target.project}/${issueType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    expected.push({ project: target.project, issueType, required, mapped });
  }
  const incidents = files.incidents && files.owners ? files.incidents.jira : undefined;
  if (incidents) {
    expected.push({
      project: incidents.project,
      issueType: incidents.issueType,
      required: [
        ...incidents.acknowledgedStatuses.map((status) => ({ status, why: 'incidents.yaml acknowledgedStatuses' })),
        ...incidents.resolvedStatuses.map((status) => ({ status, why: 'incidents.yaml resolvedStatuses' })),
        { status: incidents.closedStatus, why: 'incidents.yaml closedStatus' },
      ],
    });
    expected.push({ project: incidents.project, issueType: incidents.subtaskType, required: incidents.subtaskDoneStatuses.map((status) => ({ status, why: 'incidents.yaml subtaskDoneStatuses' })) });
  }
  return expected;
}

/** Every project casebridge watches or writes to. */
export function expectedProjects(files: FileConfigs): string[] {
  return [...new Set(expectedIssueTypes(files).map((e) => e.project))];
}

export interface ExpectedWebhook {
  name: string;
  url: string;
  events: readonly string[];
  jqlFilter: string;
}

/** The admin webhook casebridge needs: to this deployment, issue and comment events of its projects. */
export function expectedWebhook(files: FileConfigs, publicUrl: string, secret: string): ExpectedWebhook {
  return {
    name: casebridgeWebhookName(secret),
    url: `${publicUrl.replace(/\/+$/, '')}/webhooks/jira`,
    events: CASEBRIDGE_WEBHOOK_EVENTS,
    jqlFilter: `project in (${expectedProjects(files).join(', ')})`,
  };
}

/**
 * Cross-field checks of `sync.yaml` that its schema (sync.ts) cannot make: the status maps are
 * total and name only statuses that exist, no two field mappings write the same case field, and
 * routing rules are named once and each matches something.
 */
import type { ConfigIssue } from '../issues.js';
import type { SyncConfig } from './sync.js';
import { isJiraSystemField } from './sync-fields.js';

/** Cross-field checks: the status maps are total and name only statuses that exist. */
export function checkSync(config: SyncConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const jiraStatuses = new Set(config.jira.statuses);
  const caseStatuses = new Set(config.salesforce.caseStatuses);

  for (const status of config.jira.statuses) {
    if (!(status in config.statusMap.toSalesforce)) {
      issues.push({ path: ['statusMap', 'toSalesforce'], message: `Jira status "${status}" has no mapping (the map must cover every status in jira.statuses)` });
    }
  }
  for (const [jiraStatus, mapping] of Object.entries(config.statusMap.toSalesforce)) {
    if (!jiraStatuses.has(jiraStatus)) {
      issues.push({ path: ['statusMap', 'toSalesforce', jiraStatus], message: `unknown Jira status "${jiraStatus}" (not in jira.statuses)` });
    }
    if (mapping.caseStatus !== undefined && !caseStatuses.has(mapping.caseStatus)) {
      issues.push({ path: ['statusMap', 'toSalesforce', jiraStatus, 'caseStatus'], message: `unknown case status "${mapping.caseStatus}" (not in salesforce.caseStatuses)` });
    }
  }
  for (const status of config.salesforce.caseStatuses) {
    if (!(status in config.statusMap.toJira)) {
      issues.push({ path: ['statusMap', 'toJira'], message: `case status "${status}" has no mapping (map it to a Jira status or to ignore)` });
    }
  }
  for (const [caseStatus, mapping] of Object.entries(config.statusMap.toJira)) {
    if (!caseStatuses.has(caseStatus)) {
      issues.push({ path: ['statusMap', 'toJira', caseStatus], message: `unknown case status "${caseStatus}" (not in salesforce.caseStatuses)` });
    }
    if (mapping !== 'ignore' && !jiraStatuses.has(mapping.jiraStatus)) {
      issues.push({ path: ['statusMap', 'toJira', caseStatus, 'jiraStatus'], message: `unknown Jira status "${mapping.jiraStatus}" (not in jira.statuses)` });
    }
  }

  const seenMappings = new Map<string, number>();
  config.fields.forEach((mapping, index) => {
    const earlier = seenMappings.get(mapping.salesforce);
    if (earlier !== undefined && mapping.direction !== 'toJira') {
      issues.push({ path: ['fields', index, 'salesforce'], message: `field ${mapping.salesforce} is already written from Jira by fields[${earlier}]; two mappings would fight` });
    }
    if (mapping.direction !== 'toJira') seenMappings.set(mapping.salesforce, index);
    if (mapping.jiraId !== undefined && isJiraSystemField(mapping.jira)) {
      issues.push({ path: ['fields', index, 'jiraId'], message: `${mapping.jira} is a Jira system field; jiraId is only for custom fields named by their name` });
    }
  });

  const ruleNames = new Set<string>();
  config.routing.rules.forEach((rule, index) => {
    if (ruleNames.has(rule.name)) issues.push({ path: ['routing', 'rules', index, 'name'], message: `duplicate routing rule name "${rule.name}"` });
    ruleNames.add(rule.name);
    if (!rule.topics && !rule.when) issues.push({ path: ['routing', 'rules', index], message: 'a routing rule needs topics or when (otherwise it always matches: use routing.default)' });
  });
  return issues;
}

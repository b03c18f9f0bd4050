/** Which case fields a sync pass reads: everything the config maps, routes or filters on. */
import type { SyncConfig } from '../config/schemas/sync.js';
import { fieldsOfRule } from '../domain/sync/case-rules.js';

export function caseFieldsToRead(config: SyncConfig, extra: readonly string[] = []): string[] {
  const fields = new Set<string>(['CaseNumber', 'Subject', 'Description', 'Status', 'Priority', 'Topic__c', config.mirror.jiraKeyField, ...extra]);
  for (const mapping of config.fields) fields.add(mapping.salesforce);
  for (const field of fieldsOfRule(config.mirror.when)) fields.add(field);
  for (const rule of config.routing.rules) for (const field of fieldsOfRule(rule.when)) fields.add(field);
  return [...fields];
}

/** Jira projects the sync watches: every routing target. */
export function watchedProjects(config: SyncConfig): string[] {
  return [...new Set([config.routing.default.project, ...config.routing.rules.map((r) => r.target.project)])];
}

/** Extra Jira fields the searches ask for: mapped custom fields, and comments when they sync. */
export function jiraFieldsToRead(config: SyncConfig): string[] {
  const fields = new Set(config.fields.map((f) => f.jira).filter((id) => id.startsWith('customfield_')));
  if (config.comments.toJira.enabled || config.comments.toSalesforce.enabled) fields.add('comment');
  return [...fields];
}

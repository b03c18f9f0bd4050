/** Which case fields a sync pass reads: everything the config maps, routes or filters on. */
import { isJiraSystemField } from '../config/schemas/sync-fields.js';
import type { SyncConfig } from '../config/schemas/sync.js';
import { fieldsOfRule } from '../domain/sync/case-rules.js';
import { CLASSIFICATION_FIELDS } from './classify-cases.js';

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

/**
 * Extra Jira fields the searches ask for: mapped custom fields (by id, once start-up resolved their
 * names; an unresolved name is refused by the Jira adapter), and comments when they sync.
 */
export function jiraFieldsToRead(config: SyncConfig): string[] {
  const fields = new Set(config.fields.map((f) => f.jira).filter((id) => !isJiraSystemField(id)));
  if (config.comments.toJira.enabled || config.comments.toSalesforce.enabled) fields.add('comment');
  return [...fields];
}

/** Case fields a sync pass reads: the config's, classification's and every extension's. */
export function passCaseFields(ctx: { config: SyncConfig; classification?: unknown; extensions?: ReadonlyArray<{ caseFields?: readonly string[] }> }): string[] {
  return caseFieldsToRead(ctx.config, [...(ctx.classification ? CLASSIFICATION_FIELDS : []), ...(ctx.extensions ?? []).flatMap((e) => e.caseFields ?? [])]);
}

/**
 * A fingerprint of a case's synced fields. After casebridge writes a case it stores the fingerprint
 * of the fields as they now are; when the poll sees that case again, last modified by the
 * integration user and with the same fingerprint, the change is our own write and needs no pass.
 * Values are normalised as the planner compares them (empty is null, instants as instants).
 */
export function fingerprintFields(fields: Readonly<Record<string, unknown>>, names: readonly string[]): string {
  const normalised = [...names].sort().map((name) => {
    const value = fields[name];
    if (value === undefined || value === '') return null;
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) {
      const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (!Number.isNaN(ms)) return new Date(ms).toISOString();
    }
    return value;
  });
  return JSON.stringify(normalised);
}

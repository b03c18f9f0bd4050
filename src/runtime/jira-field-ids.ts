/**
 * Turns the Jira custom field names in the config (sync.yaml mappings, incidents.yaml fields, the
 * SLA fields) into the ids of this site, from the field list `GET /rest/api/3/field` answered at
 * start. The result is the same config with ids in place of names, which the engine uses as is.
 */
import type { FileConfigs } from '../config/load.js';
import { isJiraSystemField } from '../config/schemas/sync-fields.js';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { IncidentsConfig } from '../config/schemas/incidents.js';
import { resolveJiraField } from '../adapters/jira/fields.js';
import type { JiraFieldInfo, JiraFieldRef } from '../adapters/jira/fields.js';
import { JIRA_SLA_FIELD_NAMES } from '../engine/sla/runtime.js';
import type { JiraSlaFields } from '../engine/sla/runtime.js';

/** One custom field the config names, where it is configured and what it is used for. */
export interface ConfiguredJiraField {
  ref: JiraFieldRef;
  /** Where it is configured, e.g. `sync.yaml fields[3].jira`. */
  where: string;
  /** The Jira field type casebridge writes into it (for `jira setup`). */
  kind: 'text' | 'datetime' | 'number' | 'select' | 'labels';
}

/** Every custom field the config names (sync mappings, incident fields, the SLA fields). */
export function listConfiguredJiraFields(files: Pick<FileConfigs, 'sync' | 'incidents' | 'sla'>): ConfiguredJiraField[] {
  const found: ConfiguredJiraField[] = [];
  files.sync?.fields.forEach((mapping, index) => {
    if (isJiraSystemField(mapping.jira)) return;
    found.push({ ref: { name: mapping.jira, ...(mapping.jiraId ? { id: mapping.jiraId } : {}) }, where: `sync.yaml fields[${index}].jira`, kind: 'text' });
  });
  const incidents = files.incidents?.jira;
  if (incidents) {
    const kinds: Record<keyof IncidentsConfig['jira']['fields'], ConfiguredJiraField['kind']> = {
      affectedService: 'text',
      severity: 'select',
      startedAt: 'datetime',
      linkedCases: 'number',
      corporateAccountsAffected: 'number',
    };
    for (const key of Object.keys(kinds) as Array<keyof typeof kinds>) {
      const id = incidents.fieldIds[key];
      found.push({ ref: { name: incidents.fields[key], ...(id ? { id } : {}) }, where: `incidents.yaml jira.fields.${key}`, kind: kinds[key] });
    }
  }
  if (files.sla) {
    found.push({ ref: { name: JIRA_SLA_FIELD_NAMES.dueAt }, where: 'SLA due time on issues', kind: 'datetime' });
    found.push({ ref: { name: JIRA_SLA_FIELD_NAMES.state }, where: 'SLA state on issues', kind: 'text' });
  }
  return found;
}

export type ResolvedJiraFields = { ok: true; files: FileConfigs; slaFields: JiraSlaFields } | { ok: false; problems: string[] };

/** A text custom field's size class from its Jira type (`…:textarea` is multi-line), unless the config gave one. */
function withTextKind<M extends { jira: string; jiraText?: 'line' | 'long' }>(mapping: M, fields: readonly JiraFieldInfo[]): M {
  if (mapping.jiraText) return mapping;
  const custom = fields.find((f) => f.id === mapping.jira)?.schema?.custom ?? '';
  return custom.endsWith(':textarea') ? { ...mapping, jiraText: 'long' } : custom.endsWith(':textfield') ? { ...mapping, jiraText: 'line' } : mapping;
}

/** The config with every configured custom field name replaced by its id, or every name that failed. */
export function resolveConfiguredJiraFields(files: FileConfigs, fields: readonly JiraFieldInfo[]): ResolvedJiraFields {
  const problems: string[] = [];
  const idOf = (ref: JiraFieldRef, where: string): string => {
    const resolved = resolveJiraField(fields, ref);
    if (resolved.ok) return resolved.id;
    problems.push(`${where}: ${resolved.message}`);
    return ref.name;
  };
  const sync: SyncConfig | undefined = files.sync && {
    ...files.sync,
    fields: files.sync.fields.map((mapping, index) =>
      isJiraSystemField(mapping.jira)
        ? mapping
        : withTextKind({ ...mapping, jira: idOf({ name: mapping.jira, ...(mapping.jiraId ? { id: mapping.jiraId } : {}) }, `sync.yaml fields[${index}].jira`) }, fields),
    ),
  };
  let incidents: IncidentsConfig | undefined;
  if (files.incidents) {
    const { fields: names, fieldIds } = files.incidents.jira;
    const resolvedFields = Object.fromEntries(
      Object.entries(names).map(([key, name]) => {
        const id = fieldIds[key as keyof typeof fieldIds];
        return [key, idOf({ name, ...(id ? { id } : {}) }, `incidents.yaml jira.fields.${key}`)];
      }),
    ) as IncidentsConfig['jira']['fields'];
    incidents = { ...files.incidents, jira: { ...files.incidents.jira, fields: resolvedFields } };
  }
  const slaFields: JiraSlaFields = files.sla
    ? { dueDate: 'duedate', dueAt: idOf({ name: JIRA_SLA_FIELD_NAMES.dueAt }, 'SLA due time on issues'), state: idOf({ name: JIRA_SLA_FIELD_NAMES.state }, 'SLA state on issues') }
    : { dueDate: 'duedate', dueAt: null, state: null };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, files: { ...files, ...(sync ? { sync } : {}), ...(incidents ? { incidents } : {}) }, slaFields };
}

/**
 * Jira custom field ids of the sandbox site, found by name the way casebridge finds them at start
 * (never written down: the emulator's ids are deliberately unlike any other site's).
 */
import { resolveJiraField } from '../../src/adapters/jira/fields.js';
import type { JiraFieldInfo } from '../../src/adapters/jira/fields.js';
import type { FileConfigs } from '../../src/config/load.js';
import type { JiraSlaFields } from '../../src/engine/sla/runtime.js';
import { resolveConfiguredJiraFields } from '../../src/runtime/jira-field-ids.js';
import { buildFields } from '../../src/sandbox/jira/catalog-fields.js';

/** The sandbox site's fields as `GET /rest/api/3/field` lists them. */
export function sandboxJiraFields(): JiraFieldInfo[] {
  return buildFields().map((f) => ({ id: f.id, name: f.name, custom: f.custom, schema: f.schema }));
}

/** The sandbox id of the custom field with this name (e.g. "SLA Status"). */
export function sandboxFieldId(name: string): string {
  const resolved = resolveJiraField(sandboxJiraFields(), { name });
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.id;
}

/** Config files with their Jira field names resolved against the sandbox site, as start-up does. */
export function resolveForSandbox<T extends FileConfigs>(files: T): T {
  const resolved = resolveConfiguredJiraFields(files, sandboxJiraFields());
  if (!resolved.ok) throw new Error(resolved.problems.join('\n'));
  return resolved.files as T;
}

/** The SLA's Jira fields on the sandbox site. */
export function sandboxSlaFields(): JiraSlaFields {
  return { dueDate: 'duedate', dueAt: sandboxFieldId('SLA Due'), state: sandboxFieldId('SLA Status') };
}

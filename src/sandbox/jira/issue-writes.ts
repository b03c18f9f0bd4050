import type { IssueTypeDef, ProjectDef } from './catalog-types.js';
import { applyUpdateOperations, parseFieldValue } from './field-input.js';
import type { FieldValues } from './model.js';
import type { JiraStore } from './store.js';

/** Resolves the `fields` and `update` parts of create/edit/transition bodies into new stored values. */

export interface WriteRequest {
  fields?: unknown;
  update?: unknown;
}

export interface WriteOutcome {
  values: FieldValues;
  errors: Record<string, string>;
  errorMessages: string[];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Field ids a request may not touch in the given mode (they are chosen elsewhere or are read-only). */
const FIXED_ON_EDIT = new Set(['project', 'issuetype']);

function resolveParent(store: JiraStore, project: ProjectDef, issueType: IssueTypeDef, input: unknown): { value?: string | null; error?: string } {
  if (input === null) return { value: null };
  const record = asRecord(input);
  const ref = record?.['key'] ?? record?.['id'];
  const parent = typeof ref === 'string' ? store.findIssue(ref) : undefined;
  if (!parent) return { error: 'Could not find issue by id or key.' };
  const parentType = store.issueTypeOf(parent);
  if (!issueType.subtask || parentType.subtask || parent.projectId !== project.id) {
    return { error: 'Given parent issue does not belong to appropriate hierarchy.' };
  }
  return { value: parent.id };
}

/**
 * Applies `fields` (replace) and `update` (operations) to a copy of `current`. On create the caller has
 * already taken project and issuetype out of `fields`; on edit they are refused.
 */
export function resolveFieldWrites(store: JiraStore, project: ProjectDef, issueType: IssueTypeDef, current: FieldValues, request: WriteRequest, mode: 'create' | 'edit'): WriteOutcome {
  const values: FieldValues = { ...current };
  const errors: Record<string, string> = {};
  const errorMessages: string[] = [];
  const fields = request.fields === undefined ? {} : asRecord(request.fields);
  const update = request.update === undefined ? {} : asRecord(request.update);
  if (!fields) errorMessages.push("Field 'fields' must be an object.");
  if (!update) errorMessages.push("Field 'update' must be an object.");
  for (const [fieldId, input] of Object.entries(fields ?? {})) {
    if (mode === 'create' && (fieldId === 'project' || fieldId === 'issuetype')) continue;
    if (update && fieldId in update) {
      errors[fieldId] = `Field '${fieldId}' cannot be set in both 'fields' and 'update'.`;
      continue;
    }
    const field = store.findField(fieldId);
    if (!field || !field.settable || (mode === 'edit' && FIXED_ON_EDIT.has(fieldId))) {
      errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    if (field.kind === 'parent') {
      const parent = resolveParent(store, project, issueType, input);
      if (parent.error !== undefined) errors['parent'] = parent.error;
      else values['parent'] = parent.value ?? null;
      continue;
    }
    const parsed = parseFieldValue(store, field, project, input);
    if (parsed.ok) values[fieldId] = parsed.value;
    else errors[fieldId] = parsed.error;
  }
  for (const [fieldId, operations] of Object.entries(update ?? {})) {
    const field = store.findField(fieldId);
    if (!field || !field.settable || field.kind === 'parent' || FIXED_ON_EDIT.has(fieldId)) {
      errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const applied = applyUpdateOperations(store, field, project, values[fieldId], operations);
    if (applied.ok) values[fieldId] = applied.value;
    else errors[fieldId] = applied.error;
  }
  return { values, errors, errorMessages };
}

/** Stored values of a new issue before the request's fields are applied. */
export function defaultFieldValues(store: JiraStore, reporterId: string): FieldValues {
  const values: FieldValues = {};
  for (const field of store.catalog.fields) {
    if (!field.settable) continue;
    const isArray = field.kind === 'labels' || field.kind === 'components' || field.kind === 'fixVersions';
    values[field.id] = isArray ? [] : null;
  }
  values['priority'] = store.catalog.priorities.find((p) => p.isDefault)?.id ?? null;
  values['reporter'] = reporterId;
  values['summary'] = '';
  return values;
}

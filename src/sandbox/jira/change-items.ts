import type { FieldDef, ProjectDef } from './catalog-types.js';
import { toPlainText } from './adf.js';
import type { ChangeItem } from './model.js';
import type { JiraStore } from './store.js';
import { formatJiraDateTime } from './time-format.js';

/** Builds changelog items (Jira's `{field, fieldtype, from, fromString, to, toString}`) from old and new stored values. */

interface Described {
  id: string | null;
  text: string | null;
}

function describe(store: JiraStore, field: FieldDef, value: unknown): Described {
  if (value === null || value === undefined) return { id: null, text: null };
  switch (field.kind) {
    case 'description':
      return { id: null, text: toPlainText(value) };
    case 'priority':
      return { id: value as string, text: store.findPriority(value as string)?.name ?? null };
    case 'user':
      return { id: value as string, text: store.findUser(value as string)?.displayName ?? null };
    case 'labels':
      return { id: null, text: (value as string[]).length === 0 ? null : (value as string[]).join(' ') };
    case 'date':
      return { id: value as string, text: `${value as string} 00:00:00.0` };
    case 'datetime':
      return { id: formatJiraDateTime(value as number), text: formatJiraDateTime(value as number) };
    case 'number':
      return { id: null, text: String(value) };
    case 'option':
      return { id: value as string, text: field.options?.find((o) => o.id === value)?.value ?? null };
    case 'parent':
      return { id: value as string, text: store.issues.get(value as string)?.key ?? null };
    default:
      return { id: null, text: String(value) };
  }
}

function changelogFieldName(field: FieldDef): string {
  if (field.custom) return field.name;
  if (field.id === 'parent') return 'IssueParentAssociation';
  return field.id;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Items for one field's change; empty when the value did not change. */
export function buildChangeItems(store: JiraStore, project: ProjectDef, field: FieldDef, before: unknown, after: unknown): ChangeItem[] {
  if (sameValue(before, after)) return [];
  if (field.kind === 'components' || field.kind === 'fixVersions') {
    // Jira records one item per added or removed version/component.
    const options: readonly { id: string; name: string }[] = field.kind === 'components' ? project.components : project.versions;
    const name = field.kind === 'components' ? 'Component' : 'Fix Version';
    const oldIds = (before as string[] | null) ?? [];
    const newIds = (after as string[] | null) ?? [];
    const nameOf = (id: string): string | null => options.find((o) => o.id === id)?.name ?? null;
    return [
      ...oldIds
        .filter((id) => !newIds.includes(id))
        .map((id) => ({
          field: name,
          fieldtype: 'jira' as const,
          fieldId: field.id,
          from: id,
          fromString: nameOf(id),
          to: null,
          toString: null,
        })),
      ...newIds
        .filter((id) => !oldIds.includes(id))
        .map((id) => ({
          field: name,
          fieldtype: 'jira' as const,
          fieldId: field.id,
          from: null,
          fromString: null,
          to: id,
          toString: nameOf(id),
        })),
    ];
  }
  const from = describe(store, field, before);
  const to = describe(store, field, after);
  return [
    {
      field: changelogFieldName(field),
      fieldtype: field.custom ? 'custom' : 'jira',
      fieldId: field.id,
      from: from.id,
      fromString: from.text,
      to: to.id,
      toString: to.text,
    },
  ];
}

/** The item Jira records when the workflow status changes. */
export function buildStatusChangeItem(store: JiraStore, fromStatusId: string, toStatusId: string): ChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: fromStatusId,
    fromString: store.findStatus(fromStatusId)?.name ?? null,
    to: toStatusId,
    toString: store.findStatus(toStatusId)?.name ?? null,
  };
}

export function buildResolutionChangeItem(store: JiraStore, fromId: string | null, toId: string | null): ChangeItem {
  const nameOf = (id: string | null): string | null => store.catalog.resolutions.find((r) => r.id === id)?.name ?? null;
  return { field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: fromId, fromString: nameOf(fromId), to: toId, toString: nameOf(toId) };
}

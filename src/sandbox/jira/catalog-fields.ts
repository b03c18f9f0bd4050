import type { FieldDef, FieldKind } from './catalog-types.js';

function system(id: string, name: string, kind: FieldKind, type: string, settable: boolean, extra: Partial<FieldDef['schema']> = {}, clauseNames: string[] = [id]): FieldDef {
  return { id, name, custom: false, kind, schema: { type, system: id, ...extra }, clauseNames, settable };
}

function custom(id: number, name: string, kind: FieldKind, type: string, customType: string, items?: string, options?: string[]): FieldDef {
  const fieldId = `customfield_${id}`;
  return {
    id: fieldId,
    name,
    custom: true,
    kind,
    schema: { type, ...(items ? { items } : {}), custom: `com.atlassian.jira.plugin.system.customfieldtypes:${customType}`, customId: id },
    clauseNames: [`cf[${id}]`, name],
    settable: true,
    ...(options ? { options: options.map((value, index) => ({ id: String(id * 10 + index + 1), value })) } : {}),
  };
}

/**
 * The site's custom fields. Their ids are deliberately not the ones of any real or earlier site:
 * casebridge must find custom fields by name (`GET /field`), so code holding a fixed id fails here.
 */
const CUSTOM_FIELDS: ReadonlyArray<{ customId: number; name: string; kind: FieldKind; type: string; customType: string; items?: string; options?: string[] }> = [
  { customId: 10110, name: 'Salesforce Case Ids', kind: 'labels', type: 'array', customType: 'labels', items: 'string' },
  { customId: 10120, name: 'Affected Service', kind: 'string', type: 'string', customType: 'textfield' },
  { customId: 10121, name: 'Severity', kind: 'option', type: 'option', customType: 'select', options: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] },
  { customId: 10122, name: 'Started At', kind: 'datetime', type: 'datetime', customType: 'datetime' },
  { customId: 10123, name: 'Linked Cases', kind: 'number', type: 'number', customType: 'float' },
  { customId: 10124, name: 'Corporate Accounts Affected', kind: 'number', type: 'number', customType: 'float' },
  { customId: 10130, name: 'SLA Due', kind: 'datetime', type: 'datetime', customType: 'datetime' },
  { customId: 10131, name: 'Customer Tier', kind: 'string', type: 'string', customType: 'textfield' },
  { customId: 10132, name: 'Case Number', kind: 'string', type: 'string', customType: 'textfield' },
  { customId: 10133, name: 'SLA Status', kind: 'string', type: 'string', customType: 'textfield' },
];

/** The id of one of the site's custom fields by name (for the emulator's own seed data and JQL). */
export function sandboxCustomFieldId(name: string): string {
  const field = CUSTOM_FIELDS.find((f) => f.name === name);
  if (!field) throw new Error(`the sandbox has no custom field named ${name}`);
  return `customfield_${field.customId}`;
}

/** A custom field as `POST /field` creates it: the next free id, the type's schema. */
export function newCustomField(customId: number, name: string, customType: string): FieldDef | undefined {
  const shape = CREATABLE_TYPES[customType];
  return shape ? custom(customId, name, shape.kind, shape.type, customType, shape.items) : undefined;
}

/** Custom field types `POST /field` accepts, with the searcher each needs (Jira's documented pairs). */
export const CREATABLE_TYPES: Readonly<Record<string, { kind: FieldKind; type: string; items?: string; searchers: readonly string[] }>> = {
  textfield: { kind: 'string', type: 'string', searchers: ['textsearcher'] },
  textarea: { kind: 'string', type: 'string', searchers: ['textsearcher'] },
  datetime: { kind: 'datetime', type: 'datetime', searchers: ['datetimerange'] },
  float: { kind: 'number', type: 'number', searchers: ['exactnumber', 'numberrange'] },
  select: { kind: 'option', type: 'option', searchers: ['multiselectsearcher'] },
  labels: { kind: 'labels', type: 'array', items: 'string', searchers: ['labelsearcher'] },
};

/** Fields of the site, as `GET /field` declares them. */
export function buildFields(): FieldDef[] {
  return [
    system('summary', 'Summary', 'summary', 'string', true),
    system('description', 'Description', 'description', 'string', true),
    system('project', 'Project', 'project', 'project', true),
    system('issuetype', 'Issue Type', 'issuetype', 'issuetype', true, {}, ['issuetype', 'type']),
    system('status', 'Status', 'status', 'status', false),
    system('priority', 'Priority', 'priority', 'priority', true),
    system('assignee', 'Assignee', 'user', 'user', true),
    system('reporter', 'Reporter', 'user', 'user', true),
    system('creator', 'Creator', 'readonly', 'user', false),
    system('labels', 'Labels', 'labels', 'array', true, { items: 'string' }),
    system('components', 'Components', 'components', 'array', true, { items: 'component' }, ['component']),
    system('fixVersions', 'Fix versions', 'fixVersions', 'array', true, { items: 'version' }, ['fixVersion']),
    system('duedate', 'Due date', 'date', 'date', true, {}, ['due', 'duedate']),
    system('parent', 'Parent', 'parent', 'issuelink', true),
    system('resolution', 'Resolution', 'resolution', 'resolution', false),
    system('resolutiondate', 'Resolved', 'readonly', 'datetime', false, {}, ['resolutiondate', 'resolved']),
    system('created', 'Created', 'readonly', 'datetime', false, {}, ['created', 'createdDate']),
    system('updated', 'Updated', 'readonly', 'datetime', false, {}, ['updated', 'updatedDate']),
    system('statuscategorychangedate', 'Status Category Changed', 'readonly', 'datetime', false, {}, ['statusCategoryChangedDate']),
    system('subtasks', 'Sub-tasks', 'readonly', 'array', false, { items: 'issuelinks' }, ['subtasks']),
    system('issuelinks', 'Linked Issues', 'readonly', 'array', false, { items: 'issuelinks' }, ['issueLink']),
    system('comment', 'Comment', 'readonly', 'comments-page', false),
    ...CUSTOM_FIELDS.map((f) => custom(f.customId, f.name, f.kind, f.type, f.customType, f.items, f.options)),
  ];
}

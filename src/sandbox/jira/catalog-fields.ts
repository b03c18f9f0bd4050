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
    custom(10010, 'Salesforce Case Ids', 'labels', 'array', 'labels', 'string'),
    custom(10020, 'Affected Service', 'string', 'string', 'textfield'),
    custom(10021, 'Severity', 'option', 'option', 'select', undefined, ['SEV1', 'SEV2', 'SEV3', 'SEV4']),
    custom(10022, 'Started At', 'datetime', 'datetime', 'datetime'),
    custom(10023, 'Linked Cases', 'number', 'number', 'float'),
    custom(10024, 'Corporate Accounts Affected', 'number', 'number', 'float'),
    custom(10030, 'SLA Due', 'datetime', 'datetime', 'datetime'),
    custom(10031, 'Customer Tier', 'string', 'string', 'textfield'),
    custom(10032, 'Case Number', 'string', 'string', 'textfield'),
    custom(10033, 'SLA Status', 'string', 'string', 'textfield'),
  ];
}

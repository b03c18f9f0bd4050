import type { FieldDef, IssueTypeDef, PriorityDef, ProjectDef, StatusCategoryKey, StatusDef, TransitionDef, UserDef, VersionDef } from './catalog-types.js';
import type { JiraStore } from './store.js';

/** JSON renderings of catalog entities, in the shapes Jira Cloud REST v3 answers with. */

const CATEGORY: Record<StatusCategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};

function avatarUrls(store: JiraStore, kind: string, id: string): Record<string, string> {
  const base = `${store.baseUrl().replace(/\/$/, '')}/secure/${kind}avatar?avatarId=${encodeURIComponent(id)}`;
  return { '48x48': base, '24x24': `${base}&size=small`, '16x16': `${base}&size=xsmall`, '32x32': `${base}&size=medium` };
}

/** A user as embedded in issues, comments and changelogs (UserDetails). */
export function renderUserDetails(store: JiraStore, user: UserDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`user?accountId=${encodeURIComponent(user.accountId)}`),
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(store, 'user', user.accountId),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

/** A user as `/myself` and `/user/search` answer (User). */
export function renderUser(store: JiraStore, user: UserDef): Record<string, unknown> {
  return { ...renderUserDetails(store, user), locale: user.locale };
}

export function renderStatusCategory(store: JiraStore, key: StatusCategoryKey): Record<string, unknown> {
  const category = CATEGORY[key];
  return { self: store.apiUrl(`statuscategory/${category.id}`), id: category.id, key, colorName: category.colorName, name: category.name };
}

export function renderStatus(store: JiraStore, status: StatusDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`status/${status.id}`),
    description: status.description,
    iconUrl: `${store.baseUrl().replace(/\/$/, '')}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: renderStatusCategory(store, status.category),
  };
}

/** A workflow transition as `GET /issue/{key}/transitions` lists it (IssueTransition). */
export function renderTransition(store: JiraStore, transition: TransitionDef, withFields: boolean): Record<string, unknown> {
  const to = store.findStatus(transition.toStatusId);
  return {
    id: transition.id,
    name: transition.name,
    ...(to ? { to: renderStatus(store, to) } : {}),
    hasScreen: false,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
    ...(withFields ? { fields: {} } : {}),
  };
}

export function renderIssueType(store: JiraStore, type: IssueTypeDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`issuetype/${type.id}`),
    id: type.id,
    description: type.description,
    iconUrl: `${store.baseUrl().replace(/\/$/, '')}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${type.id}`,
    name: type.name,
    subtask: type.subtask,
    avatarId: Number(type.id),
    hierarchyLevel: type.hierarchyLevel,
  };
}

export function renderPriority(store: JiraStore, priority: PriorityDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`priority/${priority.id}`),
    statusColor: priority.statusColor,
    description: `${priority.name} priority.`,
    iconUrl: `${store.baseUrl().replace(/\/$/, '')}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
    name: priority.name,
    id: priority.id,
    isDefault: priority.isDefault,
  };
}

export function renderVersion(store: JiraStore, project: ProjectDef, version: VersionDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`version/${version.id}`),
    id: version.id,
    name: version.name,
    archived: false,
    released: version.released,
    ...(version.releaseDate ? { releaseDate: version.releaseDate } : {}),
    projectId: Number(project.id),
  };
}

/** The short project shape embedded in issues. */
export function renderProjectRef(store: JiraStore, project: ProjectDef): Record<string, unknown> {
  return {
    self: store.apiUrl(`project/${project.id}`),
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatarUrls(store, 'project', project.id),
  };
}

/** The full project shape of `/project/{key}`. */
export function renderProject(store: JiraStore, project: ProjectDef): Record<string, unknown> {
  const lead = store.findUser(project.leadAccountId);
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...renderProjectRef(store, project),
    description: `${project.name} project`,
    ...(lead ? { lead: renderUserDetails(store, lead) } : {}),
    components: project.components.map((c) => ({
      self: store.apiUrl(`component/${c.id}`),
      id: c.id,
      name: c.name,
      isAssigneeTypeValid: false,
    })),
    issueTypes: project.issueTypeIds.flatMap((id) => {
      const type = store.findIssueType(id);
      return type ? [renderIssueType(store, type)] : [];
    }),
    assigneeType: 'UNASSIGNED',
    versions: project.versions.map((v) => renderVersion(store, project, v)),
    roles: Object.fromEntries(store.catalog.roles.map((role, i) => [role, store.apiUrl(`project/${project.id}/role/${10002 + i}`)])),
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

/** `/field` entry. */
export function renderField(field: FieldDef): Record<string, unknown> {
  return {
    id: field.id,
    key: field.id,
    name: field.name,
    custom: field.custom,
    orderable: field.settable,
    navigable: true,
    searchable: field.clauseNames.length > 0,
    clauseNames: [...field.clauseNames],
    schema: { ...field.schema },
  };
}

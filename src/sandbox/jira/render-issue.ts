import type { FieldDef, ProjectDef } from './catalog-types.js';
import type { StoredComment, StoredHistory, StoredIssue } from './model.js';
import { renderIssueType, renderPriority, renderProjectRef, renderStatus, renderUserDetails, renderVersion } from './render-catalog.js';
import type { JiraStore } from './store.js';
import { formatJiraDateTime } from './time-format.js';
import { embeddedCommentPage } from './embedded-comments.js';

/** Rendering of issues, comments and changelogs in Jira Cloud REST v3 shapes. */

export interface IssueRenderOptions {
  fieldIds: readonly string[];
  expand: ReadonlySet<string>;
  /** Issue property keys to include (`*all` for every one). */
  propertyKeys?: readonly string[];
}

function userOrNull(store: JiraStore, accountId: unknown): Record<string, unknown> | null {
  if (typeof accountId !== 'string') return null;
  const user = store.findUser(accountId);
  return user ? renderUserDetails(store, user) : null;
}

/** The compact issue shape used for parents and sub-tasks. */
export function renderIssueSummary(store: JiraStore, issue: StoredIssue): Record<string, unknown> {
  const priorityId = issue.values['priority'];
  const priority = typeof priorityId === 'string' ? store.findPriority(priorityId) : undefined;
  return {
    id: issue.id,
    key: issue.key,
    self: store.apiUrl(`issue/${issue.id}`),
    fields: {
      summary: issue.values['summary'],
      status: renderStatus(store, store.statusOf(issue)),
      ...(priority ? { priority: renderPriority(store, priority) } : {}),
      issuetype: renderIssueType(store, store.issueTypeOf(issue)),
    },
  };
}

export function renderComment(store: JiraStore, issue: StoredIssue, comment: StoredComment, withProperties = false): Record<string, unknown> {
  return {
    self: store.apiUrl(`issue/${issue.id}/comment/${comment.id}`),
    id: comment.id,
    author: userOrNull(store, comment.authorId),
    body: comment.body,
    updateAuthor: userOrNull(store, comment.updateAuthorId),
    created: formatJiraDateTime(comment.createdMs),
    updated: formatJiraDateTime(comment.updatedMs),
    ...(comment.visibility ? { visibility: { ...comment.visibility } } : {}),
    jsdPublic: true,
    ...(withProperties ? { properties: comment.properties.map((p) => ({ ...p })) } : {}),
  };
}

export function renderHistory(store: JiraStore, history: StoredHistory): Record<string, unknown> {
  return {
    id: history.id,
    author: userOrNull(store, history.authorId),
    created: formatJiraDateTime(history.createdMs),
    items: history.items.map((item) => ({ ...item })),
  };
}

function renderIssueLinks(store: JiraStore, issue: StoredIssue): Record<string, unknown>[] {
  return store.links.flatMap((link) => {
    const type = store.catalog.linkTypes.find((t) => t.id === link.typeId);
    const isOutward = link.outwardIssueId === issue.id;
    const otherId = isOutward ? link.inwardIssueId : link.outwardIssueId;
    const other = store.issues.get(otherId);
    if (!type || !other || (!isOutward && link.inwardIssueId !== issue.id)) return [];
    return [
      {
        id: link.id,
        self: store.apiUrl(`issueLink/${link.id}`),
        type: { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: store.apiUrl(`issueLinkType/${type.id}`) },
        [isOutward ? 'inwardIssue' : 'outwardIssue']: renderIssueSummary(store, other),
      },
    ];
  });
}

function renderCustomValue(field: FieldDef, value: unknown, store: JiraStore): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'datetime':
      return formatJiraDateTime(value as number);
    case 'option': {
      const option = field.options?.find((o) => o.id === value);
      return option ? { self: store.apiUrl(`customFieldOption/${option.id}`), value: option.value, id: option.id } : null;
    }
    case 'labels':
      return Array.isArray(value) && value.length > 0 ? [...value] : null;
    default:
      return value;
  }
}

/** The value of one field of an issue as Jira renders it in `fields`. Undefined means "absent". */
export function renderFieldValue(store: JiraStore, issue: StoredIssue, field: FieldDef, project: ProjectDef): unknown {
  const value = issue.values[field.id];
  switch (field.id) {
    case 'project':
      return renderProjectRef(store, project);
    case 'issuetype':
      return renderIssueType(store, store.issueTypeOf(issue));
    case 'status':
      return renderStatus(store, store.statusOf(issue));
    case 'priority': {
      const priority = typeof value === 'string' ? store.findPriority(value) : undefined;
      return priority ? renderPriority(store, priority) : null;
    }
    case 'assignee':
    case 'reporter':
      return userOrNull(store, value);
    case 'creator':
      return userOrNull(store, issue.creatorId);
    case 'components':
      return (value as string[]).flatMap((id) => {
        const component = project.components.find((c) => c.id === id);
        return component ? [{ self: store.apiUrl(`component/${id}`), id, name: component.name }] : [];
      });
    case 'fixVersions':
      return (value as string[]).flatMap((id) => {
        const version = project.versions.find((v) => v.id === id);
        return version ? [renderVersion(store, project, version)] : [];
      });
    case 'parent': {
      const parent = typeof value === 'string' ? store.issues.get(value) : undefined;
      return parent ? renderIssueSummary(store, parent) : undefined;
    }
    case 'resolution': {
      const resolution = store.catalog.resolutions.find((r) => r.id === issue.resolutionId);
      return resolution ? { self: store.apiUrl(`resolution/${resolution.id}`), id: resolution.id, description: resolution.description, name: resolution.name } : null;
    }
    case 'resolutiondate':
      return issue.resolutionDateMs === null ? null : formatJiraDateTime(issue.resolutionDateMs);
    case 'created':
      return formatJiraDateTime(issue.createdMs);
    case 'updated':
      return formatJiraDateTime(issue.updatedMs);
    case 'statuscategorychangedate':
      return formatJiraDateTime(issue.statusCategoryChangedMs);
    case 'subtasks':
      return store.subtasksOf(issue).map((s) => renderIssueSummary(store, s));
    case 'issuelinks':
      return renderIssueLinks(store, issue);
    case 'comment': {
      const { shown, ...page } = embeddedCommentPage(issue.comments);
      return { comments: shown.map((c) => renderComment(store, issue, c)), self: store.apiUrl(`issue/${issue.id}/comment`), ...page };
    }
    default:
      return field.custom ? renderCustomValue(field, value, store) : (value ?? null);
  }
}

/** An issue (IssueBean) with the selected fields and expansions. */
export function renderIssue(store: JiraStore, issue: StoredIssue, options: IssueRenderOptions): Record<string, unknown> {
  const project = store.projectOf(issue);
  const fields: Record<string, unknown> = {};
  for (const fieldId of options.fieldIds) {
    const field = store.findField(fieldId);
    if (!field) continue;
    const rendered = renderFieldValue(store, issue, field, project);
    if (rendered !== undefined) fields[fieldId] = rendered;
  }
  const result: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: store.apiUrl(`issue/${issue.id}`),
    key: issue.key,
    fields,
  };
  if (options.expand.has('names')) {
    result['names'] = Object.fromEntries(options.fieldIds.map((id) => [id, store.findField(id)?.name ?? id]));
  }
  if (options.expand.has('schema')) {
    result['schema'] = Object.fromEntries(
      options.fieldIds.flatMap((id) => {
        const field = store.findField(id);
        return field ? [[id, { ...field.schema }]] : [];
      }),
    );
  }
  if (options.expand.has('changelog')) {
    // Jira embeds at most the 100 most recent histories, oldest first.
    const histories = issue.histories.slice(-100);
    result['changelog'] = {
      startAt: 0,
      maxResults: histories.length,
      total: histories.length,
      histories: histories.map((h) => renderHistory(store, h)),
    };
  }
  if (options.propertyKeys && options.propertyKeys.length > 0) {
    const all = options.propertyKeys.includes('*all');
    result['properties'] = Object.fromEntries([...issue.properties.entries()].filter(([key]) => all || options.propertyKeys?.includes(key)));
  }
  return result;
}

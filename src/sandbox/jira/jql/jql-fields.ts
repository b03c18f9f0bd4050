import type { StoredIssue } from '../model.js';
import type { JiraStore } from '../store.js';
import { jqlError } from './jql-lexer.js';
import { sandboxCustomFieldId } from '../catalog-fields.js';

/**
 * The searchable fields of the JQL subset. Each resolves literal values to the ids stored on issues and
 * reads an issue's value(s) for comparison. Values are compared case-insensitively, as Jira does.
 */
export interface JqlFieldSpec {
  /** Name used in error messages. */
  displayName: string;
  kind: 'enum' | 'multi' | 'key' | 'date';
  /** Operators this field supports (lower case). */
  operators: readonly string[];
  /** Maps a literal to the stored value(s) it stands for; throws a Jira 400 when it names nothing. */
  resolve?(text: string): string[];
  /** Current stored value(s) of an issue; empty array when the field is empty. */
  read(issue: StoredIssue): string[] | number;
  /** Sort key when the field may be used in ORDER BY. */
  sortKey?(issue: StoredIssue): number | string;
}

/** What a literal resolves to when it names "no value" (`resolution = Unresolved`). */
export const EMPTY_VALUE = '\u0000empty';

const EQUALITY = ['=', '!=', 'in', 'not in'];
const WITH_EMPTY = [...EQUALITY, 'is', 'is not'];
const DATE_OPERATORS = ['=', '!=', '>', '>=', '<', '<='];

function noSuchValue(value: string, field: string): never {
  throw jqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

/** Sort values by issue, kept while the key is unchanged: a sort compares each issue many times. */
const keySortCache = new WeakMap<StoredIssue, { key: string; value: string }>();

/** Issue key order: project key, then number (so DRV-10 sorts after DRV-9). */
function keySortValue(issue: StoredIssue): string {
  const cached = keySortCache.get(issue);
  if (cached?.key === issue.key) return cached.value;
  const [project = '', number = '0'] = issue.key.split('-');
  const value = `${project}-${number.padStart(10, '0')}`;
  keySortCache.set(issue, { key: issue.key, value });
  return value;
}

export function buildJqlFields(store: JiraStore): Map<string, JqlFieldSpec> {
  const fields = new Map<string, JqlFieldSpec>();
  const add = (names: string[], spec: JqlFieldSpec): void => names.forEach((n) => fields.set(n.toLowerCase(), spec));
  const catalog = store.catalog;

  add(['project'], {
    displayName: 'project',
    kind: 'enum',
    operators: EQUALITY,
    resolve: (text) => {
      const lower = text.toLowerCase();
      const found = catalog.projects.find((p) => p.key.toLowerCase() === lower || p.id === text || p.name.toLowerCase() === lower);
      return found ? [found.id] : noSuchValue(text, 'project');
    },
    read: (issue) => [issue.projectId],
  });
  add(['issuetype', 'type'], {
    displayName: 'issuetype',
    kind: 'enum',
    operators: EQUALITY,
    resolve: (text) => [store.findIssueType(text)?.id ?? noSuchValue(text, 'issuetype')],
    read: (issue) => [issue.issueTypeId],
  });
  add(['status'], {
    displayName: 'status',
    kind: 'enum',
    operators: EQUALITY,
    resolve: (text) => [store.findStatus(text)?.id ?? noSuchValue(text, 'status')],
    read: (issue) => [issue.statusId],
  });
  add(['priority'], {
    displayName: 'priority',
    kind: 'enum',
    operators: WITH_EMPTY,
    resolve: (text) => [store.findPriority(text)?.id ?? noSuchValue(text, 'priority')],
    read: (issue) => (typeof issue.values['priority'] === 'string' ? [issue.values['priority']] : []),
    sortKey: (issue) => -Number(issue.values['priority'] ?? 99),
  });
  add(['resolution'], {
    displayName: 'resolution',
    kind: 'enum',
    operators: WITH_EMPTY,
    resolve: (text) => {
      if (text.toLowerCase() === 'unresolved') return [EMPTY_VALUE];
      const lower = text.toLowerCase();
      const found = catalog.resolutions.find((r) => r.id === text || r.name.toLowerCase() === lower);
      return found ? [found.id] : noSuchValue(text, 'resolution');
    },
    read: (issue) => (issue.resolutionId === null ? [] : [issue.resolutionId]),
  });
  for (const userField of ['assignee', 'reporter']) {
    add([userField], {
      displayName: userField,
      kind: 'enum',
      operators: WITH_EMPTY,
      resolve: (text) => [store.findUser(text)?.accountId ?? noSuchValue(text, userField)],
      read: (issue) => (typeof issue.values[userField] === 'string' ? [issue.values[userField] as string] : []),
    });
  }
  add(['labels'], {
    displayName: 'labels',
    kind: 'multi',
    operators: WITH_EMPTY,
    read: (issue) => issue.values['labels'] as string[],
  });
  const caseIdsField = sandboxCustomFieldId('Salesforce Case Ids');
  add([`cf[${caseIdsField.replace('customfield_', '')}]`, caseIdsField, 'Salesforce Case Ids'], {
    displayName: 'Salesforce Case Ids',
    kind: 'multi',
    operators: WITH_EMPTY,
    read: (issue) => (issue.values[caseIdsField] as string[] | null) ?? [],
  });
  add(['key', 'issuekey', 'issue', 'id'], {
    displayName: 'key',
    kind: 'key',
    operators: EQUALITY,
    read: (issue) => [issue.id],
    sortKey: keySortValue,
  });
  add(['parent'], {
    displayName: 'parent',
    kind: 'key',
    operators: WITH_EMPTY,
    read: (issue) => (typeof issue.values['parent'] === 'string' ? [issue.values['parent']] : []),
  });
  add(['updated', 'updateddate'], {
    displayName: 'updated',
    kind: 'date',
    operators: DATE_OPERATORS,
    read: (issue) => issue.updatedMs,
    sortKey: (issue) => issue.updatedMs,
  });
  add(['created', 'createddate'], {
    displayName: 'created',
    kind: 'date',
    operators: DATE_OPERATORS,
    read: (issue) => issue.createdMs,
    sortKey: (issue) => issue.createdMs,
  });
  return fields;
}

/** Resolves an issue key or id literal the way Jira validates them in `key`/`parent` clauses. */
export function resolveIssueReference(store: JiraStore, text: string, field: string): string {
  if (/^\d+$/.test(text)) {
    // Jira accepts ids of issues that do not exist (they just match nothing).
    return store.issues.has(text) ? text : `missing:${text}`;
  }
  if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(text)) throw jqlError(`The issue key '${text}' for field '${field}' is invalid.`);
  // JQL knows current keys only: a key an issue had before a move names nothing, as an unknown key.
  const issue = store.findIssueByIdOrCurrentKey(text);
  if (!issue) throw jqlError(`An issue with key '${text}' does not exist for field '${field}'.`);
  return issue.id;
}

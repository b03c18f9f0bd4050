/** Static site configuration of the Jira emulator: what an admin would set up once in Jira Cloud. */

/** Jira's three status categories (plus their fixed ids in Jira Cloud). */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** A person or app account on the emulated site. */
export interface UserDef {
  accountId: string;
  displayName: string;
  emailAddress: string;
  accountType: 'atlassian' | 'app';
  timeZone: string;
  locale: string;
  /** Project keys this user may be assigned issues in. */
  assignableIn: readonly string[];
}

export interface StatusDef {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

export interface TransitionDef {
  id: string;
  name: string;
  /** Status ids the transition is available from. */
  fromStatusIds: readonly string[];
  toStatusId: string;
}

export interface WorkflowDef {
  name: string;
  initialStatusId: string;
  transitions: readonly TransitionDef[];
}

export interface IssueTypeDef {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export interface PriorityDef {
  id: string;
  name: string;
  statusColor: string;
  isDefault: boolean;
}

export interface ComponentDef {
  id: string;
  name: string;
}

export interface VersionDef {
  id: string;
  name: string;
  released: boolean;
  releaseDate?: string;
}

export interface ProjectDef {
  id: string;
  key: string;
  name: string;
  leadAccountId: string;
  issueTypeIds: readonly string[];
  /** Workflow per issue type id. */
  workflowByIssueTypeId: Readonly<Record<string, WorkflowDef>>;
  components: readonly ComponentDef[];
  versions: readonly VersionDef[];
}

/** How a field's values are read and written; drives validation, rendering and JQL. */
export type FieldKind =
  | 'summary'
  | 'description'
  | 'project'
  | 'issuetype'
  | 'status'
  | 'priority'
  | 'user'
  | 'labels'
  | 'components'
  | 'fixVersions'
  | 'date'
  | 'datetime'
  | 'parent'
  | 'string'
  | 'number'
  | 'option'
  | 'resolution'
  | 'readonly';

export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  kind: FieldKind;
  /** JSON type bean as `/field` reports it. */
  schema: { type: string; items?: string; system?: string; custom?: string; customId?: number };
  clauseNames: readonly string[];
  /** Allowed values of an option field. */
  options?: readonly { id: string; value: string }[];
  /** Whether the field can be set through create/edit. */
  settable: boolean;
}

export interface IssueLinkTypeDef {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export interface ResolutionDef {
  id: string;
  name: string;
  description: string;
}

/** Everything `reset()` restores. */
export interface SiteCatalog {
  users: readonly UserDef[];
  apiUserAccountId: string;
  statuses: readonly StatusDef[];
  issueTypes: readonly IssueTypeDef[];
  priorities: readonly PriorityDef[];
  projects: readonly ProjectDef[];
  fields: readonly FieldDef[];
  linkTypes: readonly IssueLinkTypeDef[];
  resolutions: readonly ResolutionDef[];
  /** Project roles and groups comments may be restricted to. */
  roles: readonly string[];
  groups: readonly string[];
}

/** In-memory records of the Jira emulator. Field values are kept normalised (ids, ms) and rendered on output. */

/** An Atlassian Document Format node (only the shape checks we need). */
export interface AdfNode {
  type: string;
  [key: string]: unknown;
}

export interface StoredComment {
  id: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfNode;
  visibility: { type: 'role' | 'group'; value: string; identifier?: string } | null;
  properties: { key: string; value: unknown }[];
  createdMs: number;
  updatedMs: number;
}

export interface StoredRemoteLink {
  id: number;
  globalId: string | null;
  application: Record<string, unknown> | null;
  relationship: string | null;
  object: Record<string, unknown>;
}

/** One changed field inside a changelog history, in Jira's changelog item shape. */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface StoredHistory {
  id: string;
  authorId: string;
  createdMs: number;
  items: ChangeItem[];
}

/**
 * Normalised field values by field id: strings for text and ids (priority, option, parent issue id, user
 * account id, `yyyy-MM-dd` dates), numbers for number fields and epoch ms for datetimes, string arrays for
 * labels/components/fixVersions (the latter two hold ids). Unset is `null`.
 */
export type FieldValues = Record<string, unknown>;

export interface StoredIssue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  resolutionId: string | null;
  resolutionDateMs: number | null;
  creatorId: string;
  createdMs: number;
  updatedMs: number;
  statusCategoryChangedMs: number;
  values: FieldValues;
  comments: StoredComment[];
  remoteLinks: StoredRemoteLink[];
  /** Account ids watching the issue; the creator watches from the start (Jira's default auto-watch). */
  watchers: Set<string>;
  properties: Map<string, unknown>;
  histories: StoredHistory[];
}

export interface StoredIssueLink {
  id: string;
  typeId: string;
  /** The issue the outward description applies to ("A blocks B": A is outward). */
  outwardIssueId: string;
  inwardIssueId: string;
}

/** What happened, for webhooks; produced by the issue service after each change. */
export interface IssueEvent {
  webhookEvent: 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted' | 'comment_created' | 'comment_updated' | 'comment_deleted';
  issueEventTypeName?: string;
  issueId: string;
  actorId: string;
  timestampMs: number;
  history?: StoredHistory;
  commentId?: string;
}

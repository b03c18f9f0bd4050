/**
 * Jira REST shapes ↔ the sync's records: issue JSON → `IssueRecord`, `IssueDraft` → create fields,
 * comments → `IssueCommentRecord`, bulk-create answers → per-draft outcomes.
 */
import { toAdf, toPlainText } from '../../domain/sync/adf.js';
import type { IssueCommentRecord, IssueDraft, IssueRecord, WriteOutcome } from '../../domain/sync/records.js';
import { readJiraErrorBody } from './errors.js';
import { projectOfIssueKey } from '../../domain/jira-keys.js';

/** The fields every issue read asks for (custom field ids are added by configuration). */
export const ISSUE_FIELDS = ['summary', 'status', 'priority', 'labels', 'assignee', 'fixVersions', 'updated', 'description', 'project'] as const;

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function readName(value: unknown): string | null {
  const name = asObject(value)?.name;
  return typeof name === 'string' ? name : null;
}

/** Jira writes `2026-11-26T10:15:00.000+0000`; the sync compares ISO instants. */
export function toIsoInstant(value: unknown): string {
  if (typeof value !== 'string') return '';
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** A search or GET issue result → `IssueRecord`; fields not mapped to a property stay in `fields`. */
export function toIssueRecord(issue: Loose, browseUrl: (key: string) => string): IssueRecord {
  const fields = asObject(issue.fields) ?? {};
  const key = String(issue.key);
  const assignee = asObject(fields.assignee);
  const raw: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(fields)) {
    // Comments are mapped to `comments` below; keeping them raw too would hold every page twice.
    if (!(ISSUE_FIELDS as readonly string[]).includes(id) && id !== 'comment') raw[id] = value;
  }
  return {
    id: String(issue.id),
    key,
    url: browseUrl(key),
    projectKey: String(asObject(fields.project)?.key ?? projectOfIssueKey(key)),
    status: readName(fields.status) ?? '',
    summary: typeof fields.summary === 'string' ? fields.summary : '',
    description: fields.description === null || fields.description === undefined ? '' : toPlainText(fields.description),
    priority: readName(fields.priority),
    labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
    assignee: assignee && typeof assignee.accountId === 'string' ? { accountId: assignee.accountId, displayName: typeof assignee.displayName === 'string' ? assignee.displayName : '' } : null,
    fixVersions: Array.isArray(fields.fixVersions) ? fields.fixVersions.map(readName).filter((n): n is string => n !== null) : [],
    updated: toIsoInstant(fields.updated),
    fields: raw,
    ...(Array.isArray(asObject(issue.changelog)?.histories) ? { changes: (asObject(issue.changelog)!.histories as Loose[]).map(toChange) } : {}),
    ...(Array.isArray(asObject(fields.comment)?.comments) ? { comments: (asObject(fields.comment)!.comments as Loose[]).map((c) => toIssueCommentRecord(key, c)) } : {}),
  };
}

/** One changelog history: who changed the issue, and when. */
function toChange(history: Loose): { authorAccountId: string; created: string } {
  const author = asObject(history.author)?.accountId;
  return { authorAccountId: typeof author === 'string' ? author : '', created: toIsoInstant(history.created) };
}

/** The `fields` of a create request; the case label is added when missing. */
export function toCreateFields(draft: IssueDraft, caseLabel: string): Record<string, unknown> {
  const labels = draft.labels.includes(caseLabel) ? [...draft.labels] : [...draft.labels, caseLabel];
  return {
    ...draft.fields,
    project: { key: draft.projectKey },
    issuetype: { name: draft.issueType },
    summary: draft.summary,
    ...(draft.description !== '' ? { description: toAdf(draft.description) } : {}),
    labels,
    ...(draft.components.length > 0 ? { components: draft.components.map((name) => ({ name })) } : {}),
    ...(draft.priority ? { priority: { name: draft.priority } } : {}),
    ...(draft.assigneeAccountId ? { assignee: { accountId: draft.assigneeAccountId } } : {}),
  };
}

/** A per-record failure from a Jira error body (`errorMessages` plus field `errors`). */
export function toFailure(status: number, body: unknown): WriteOutcome<never> {
  const { messages, fields } = readJiraErrorBody(body);
  const code = status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : status === 409 ? 'CONFLICT' : 'REJECTED';
  const message = [...messages, ...Object.entries(fields).map(([field, text]) => `${field}: ${text}`)].join('; ') || `Jira refused the record (HTTP ${status})`;
  const fieldIds = Object.keys(fields);
  return { ok: false, error: { code, message, ...(fieldIds.length > 0 ? { fields: fieldIds } : {}) } };
}

/**
 * Per-draft outcomes of one bulk create: `issues` lists the created ones in input order, `errors`
 * name the failed ones by `failedElementNumber` (0-based).
 */
export function toCreateOutcomes(count: number, answer: Loose): WriteOutcome<{ id: string; key: string }>[] {
  const failures = new Map<number, WriteOutcome<never>>();
  for (const error of Array.isArray(answer.errors) ? answer.errors : []) {
    const entry = asObject(error) ?? {};
    const index = Number(entry.failedElementNumber);
    if (Number.isInteger(index)) failures.set(index, toFailure(Number(entry.status ?? 400), entry.elementErrors));
  }
  const created = (Array.isArray(answer.issues) ? answer.issues : []).map((issue) => asObject(issue) ?? {});
  let next = 0;
  return Array.from({ length: count }, (_, index) => {
    const failure = failures.get(index);
    if (failure) return failure;
    const issue = created[next++];
    if (!issue || typeof issue.key !== 'string') return { ok: false, error: { code: 'NO_RESULT', message: 'Jira reported neither an issue nor an error for this draft' } };
    return { ok: true, value: { id: String(issue.id), key: issue.key } };
  });
}

export function toIssueCommentRecord(issueKey: string, comment: Loose): IssueCommentRecord {
  const visibility = asObject(comment.visibility);
  const properties: Record<string, unknown> = {};
  for (const property of Array.isArray(comment.properties) ? comment.properties : []) {
    const entry = asObject(property);
    if (typeof entry?.key === 'string') properties[entry.key] = entry.value;
  }
  return {
    id: String(comment.id),
    issueKey,
    body: toPlainText(comment.body),
    authorAccountId: String(asObject(comment.author)?.accountId ?? ''),
    created: toIsoInstant(comment.created),
    visibility: visibility && typeof visibility.type === 'string' ? { type: visibility.type, value: String(visibility.value ?? visibility.identifier ?? '') } : null,
    properties,
  };
}

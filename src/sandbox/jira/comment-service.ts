import { isAdfDocument } from './adf.js';
import { MAX_LONG_TEXT_LENGTH, longTextLength, textTooLongMessage } from './field-input.js';
import { JiraApiError } from './jira-errors.js';
import type { IssueEvent, StoredComment, StoredIssue } from './model.js';
import type { JiraStore } from './store.js';

/** Comments in Atlassian Document Format, with role/group visibility and optional properties. */
export class CommentService {
  constructor(
    private readonly store: JiraStore,
    private readonly nowMs: () => number,
    private readonly emit: (event: IssueEvent) => void,
  ) {}

  addComment(issue: StoredIssue, body: unknown, actorId: string): StoredComment {
    const request = this.validate(body, true);
    const now = this.nowMs();
    const comment: StoredComment = {
      id: String(this.store.allocateId('comment')),
      authorId: actorId,
      updateAuthorId: actorId,
      body: request.body as StoredComment['body'],
      visibility: request.visibility ?? null,
      properties: request.properties ?? [],
      createdMs: now,
      updatedMs: now,
    };
    issue.comments.push(comment);
    // Adding a comment bumps the issue's `updated`, so JQL polling on `updated` sees it.
    issue.updatedMs = now;
    this.emit({ webhookEvent: 'comment_created', issueId: issue.id, actorId, timestampMs: now, commentId: comment.id });
    this.emit({ webhookEvent: 'jira:issue_updated', issueEventTypeName: 'issue_commented', issueId: issue.id, actorId, timestampMs: now, commentId: comment.id });
    return comment;
  }

  updateComment(issue: StoredIssue, comment: StoredComment, body: unknown, actorId: string): StoredComment {
    const request = this.validate(body, false);
    const now = this.nowMs();
    if (request.body !== undefined) comment.body = request.body as StoredComment['body'];
    if (request.visibility !== undefined) comment.visibility = request.visibility;
    if (request.properties !== undefined) comment.properties = request.properties;
    comment.updateAuthorId = actorId;
    comment.updatedMs = now;
    issue.updatedMs = now;
    this.emit({ webhookEvent: 'comment_updated', issueId: issue.id, actorId, timestampMs: now, commentId: comment.id });
    this.emit({ webhookEvent: 'jira:issue_updated', issueEventTypeName: 'issue_comment_edited', issueId: issue.id, actorId, timestampMs: now, commentId: comment.id });
    return comment;
  }

  deleteComment(issue: StoredIssue, comment: StoredComment, actorId: string): void {
    const now = this.nowMs();
    this.emit({ webhookEvent: 'comment_deleted', issueId: issue.id, actorId, timestampMs: now, commentId: comment.id });
    issue.comments = issue.comments.filter((c) => c.id !== comment.id);
    issue.updatedMs = now;
  }

  private validate(
    body: unknown,
    bodyRequired: boolean,
  ): {
    body?: unknown;
    visibility?: StoredComment['visibility'];
    properties?: StoredComment['properties'];
  } {
    const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const result: { body?: unknown; visibility?: StoredComment['visibility']; properties?: StoredComment['properties'] } = {};
    if (request['body'] === undefined || request['body'] === null) {
      if (bodyRequired) throw new JiraApiError(400, [], { comment: 'Comment body can not be empty!' });
    } else if (!isAdfDocument(request['body'])) {
      throw new JiraApiError(400, [], { comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
    } else if (longTextLength(request['body']) > MAX_LONG_TEXT_LENGTH) {
      throw new JiraApiError(400, [], { comment: textTooLongMessage(MAX_LONG_TEXT_LENGTH) });
    } else {
      result.body = request['body'];
    }
    if (request['visibility'] !== undefined) result.visibility = this.validateVisibility(request['visibility']);
    if (request['properties'] !== undefined) {
      const properties = request['properties'];
      if (!Array.isArray(properties) || properties.some((p) => typeof p !== 'object' || p === null || typeof (p as { key?: unknown }).key !== 'string')) {
        throw new JiraApiError(400, ['Comment properties must be an array of {key, value}.']);
      }
      result.properties = properties.map((p) => ({ key: (p as { key: string }).key, value: (p as { value?: unknown }).value ?? null }));
    }
    return result;
  }

  private validateVisibility(input: unknown): StoredComment['visibility'] {
    if (input === null) return null;
    const record = typeof input === 'object' ? (input as Record<string, unknown>) : {};
    const type = record['type'];
    const value = record['value'] ?? record['identifier'];
    if ((type !== 'role' && type !== 'group') || typeof value !== 'string') {
      throw new JiraApiError(400, [], { commentLevel: "Visibility must have a type of 'role' or 'group' and a value." });
    }
    const known = type === 'role' ? this.store.catalog.roles : this.store.catalog.groups;
    if (!known.includes(value)) {
      throw new JiraApiError(400, [], {
        commentLevel: type === 'role' ? `You are currently not a member of the project role: ${value}.` : `You are currently not a member of the group: ${value}.`,
      });
    }
    return { type, value, ...(typeof record['identifier'] === 'string' ? { identifier: record['identifier'] } : {}) };
  }
}

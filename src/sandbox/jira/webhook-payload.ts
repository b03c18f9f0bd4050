import type { IssueEvent } from './model.js';
import { renderUserDetails } from './render-catalog.js';
import { renderComment, renderIssue } from './render-issue.js';
import type { JiraStore } from './store.js';

/** Fields Jira includes in the compact issue of `comment_*` events. */
const COMMENT_EVENT_FIELDS = ['summary', 'issuetype', 'project', 'assignee', 'priority', 'status'];

/**
 * The body Jira Cloud posts for an event, rendered at the moment of the event (a snapshot, like Jira):
 * `timestamp`, `webhookEvent`, `issue_event_type_name`, `user`, `issue` (all fields), `changelog`, `comment`.
 */
export function buildWebhookPayload(store: JiraStore, event: IssueEvent): Record<string, unknown> | undefined {
  const issue = store.issues.get(event.issueId);
  if (!issue) return undefined;
  const actor = store.findUser(event.actorId);
  const comment = event.commentId === undefined ? undefined : issue.comments.find((c) => c.id === event.commentId);
  const isCommentEvent = event.webhookEvent.startsWith('comment_');
  const allFieldIds = store.catalog.fields.map((f) => f.id);
  const payload: Record<string, unknown> = {
    timestamp: event.timestampMs,
    webhookEvent: event.webhookEvent,
  };
  if (event.issueEventTypeName !== undefined) payload['issue_event_type_name'] = event.issueEventTypeName;
  if (!isCommentEvent && actor) payload['user'] = renderUserDetails(store, actor);
  const rendered = renderIssue(store, issue, { fieldIds: isCommentEvent ? COMMENT_EVENT_FIELDS : allFieldIds, expand: new Set() });
  delete rendered['expand'];
  payload['issue'] = rendered;
  if (event.history) {
    payload['changelog'] = { id: event.history.id, items: event.history.items.map((item) => ({ ...item })) };
  }
  if (comment) payload['comment'] = renderComment(store, issue, comment);
  return payload;
}

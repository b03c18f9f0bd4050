import type { TransitionDef } from './catalog-types.js';
import { buildChangeItems, buildResolutionChangeItem, buildStatusChangeItem } from './change-items.js';
import { JiraApiError, badRequest } from './jira-errors.js';
import { defaultFieldValues, resolveFieldWrites } from './issue-writes.js';
import type { ChangeItem, FieldValues, IssueEvent, StoredHistory, StoredIssue } from './model.js';
import type { JiraStore } from './store.js';

/** Creates, edits and transitions issues; records changelogs and reports events for webhooks. */
export class IssueService {
  constructor(
    private readonly store: JiraStore,
    private readonly nowMs: () => number,
    private readonly emit: (event: IssueEvent) => void,
  ) {}

  /** `POST /issue` semantics. Throws JiraApiError (400) with Jira's field errors. */
  createIssue(body: unknown, actorId: string): StoredIssue {
    const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const fields = (typeof request['fields'] === 'object' && request['fields'] !== null ? request['fields'] : {}) as Record<string, unknown>;
    const projectRef = fields['project'] as Record<string, unknown> | undefined;
    const project = this.store.findProject(String(projectRef?.['key'] ?? projectRef?.['id'] ?? ''));
    if (!project) throw new JiraApiError(400, [], { project: 'Specify a valid project ID or key' });
    const typeRef = fields['issuetype'] as Record<string, unknown> | undefined;
    const typeKey = typeRef?.['id'] ?? typeRef?.['name'];
    if (typeKey === undefined) throw new JiraApiError(400, [], { issuetype: 'Specify an issue type' });
    const issueType = this.store.findIssueType(String(typeKey));
    if (!issueType || !project.issueTypeIds.includes(issueType.id)) {
      throw new JiraApiError(400, [], { issuetype: 'Specify a valid issue type' });
    }
    const outcome = resolveFieldWrites(this.store, project, issueType, defaultFieldValues(this.store, actorId), request, 'create');
    if (outcome.values['summary'] === '' && !outcome.errors['summary']) outcome.errors['summary'] = 'You must specify a summary of the issue.';
    if (issueType.subtask && outcome.values['parent'] === null && !outcome.errors['parent']) {
      outcome.errorMessages.push('Issue type is a sub-task but parent issue key or id not specified.');
    }
    if (outcome.errorMessages.length > 0 || Object.keys(outcome.errors).length > 0) {
      throw new JiraApiError(400, outcome.errorMessages, outcome.errors);
    }
    const now = this.nowMs();
    const workflow = project.workflowByIssueTypeId[issueType.id];
    if (!workflow) throw new Error(`Jira emulator: no workflow for ${project.key}/${issueType.name}`);
    const issue: StoredIssue = {
      id: String(this.store.allocateId('issue')),
      key: this.store.allocateIssueKey(project),
      projectId: project.id,
      issueTypeId: issueType.id,
      statusId: workflow.initialStatusId,
      resolutionId: null,
      resolutionDateMs: null,
      creatorId: actorId,
      createdMs: now,
      updatedMs: now,
      statusCategoryChangedMs: now,
      values: outcome.values,
      comments: [],
      remoteLinks: [],
      watchers: new Set([actorId]),
      properties: new Map(),
      histories: [],
    };
    setRequestProperties(issue, request);
    this.store.addIssue(issue);
    this.emit({ webhookEvent: 'jira:issue_created', issueEventTypeName: 'issue_created', issueId: issue.id, actorId, timestampMs: now });
    return issue;
  }

  /**
   * `PUT /issue/{key}` semantics: applies fields and update operations (one changelog history), sets
   * `properties`, then performs `transition` when the body names one.
   */
  editIssue(issue: StoredIssue, body: unknown, actorId: string): void {
    const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const next = this.resolveOrThrow(issue, request);
    // Refuse an unavailable transition before anything changes, so the edit is all or nothing.
    if (request['transition'] !== undefined) this.findAvailableTransition(issue, request['transition']);
    const items = this.diffValues(issue, next);
    setRequestProperties(issue, request);
    if (items.length > 0) {
      this.store.replaceValues(issue, next);
      const eventName = items.every((i) => i.fieldId === 'assignee') ? 'issue_assigned' : 'issue_updated';
      this.recordHistory(issue, actorId, items, eventName);
    }
    if (request['transition'] !== undefined) this.transitionIssue(issue, { transition: request['transition'] }, actorId);
  }

  /** Reports a deletion (call before the issue leaves the store, so the payload can still show it). */
  reportDeleted(issue: StoredIssue, actorId: string): void {
    this.emit({ webhookEvent: 'jira:issue_deleted', issueEventTypeName: 'issue_deleted', issueId: issue.id, actorId, timestampMs: this.nowMs() });
  }

  /** Transitions available from the issue's current status. */
  listTransitions(issue: StoredIssue): TransitionDef[] {
    return this.store.workflowOf(issue).transitions.filter((t) => t.fromStatusIds.includes(issue.statusId));
  }

  /** `POST /issue/{key}/transitions`: refuses a transition not available from the current status, as Jira does. */
  transitionIssue(issue: StoredIssue, body: unknown, actorId: string): void {
    const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const transition = this.findAvailableTransition(issue, request['transition']);
    // `resolution` may be set on a transition (as on Jira's resolve screens), never by a plain edit.
    const { resolution: resolutionInput, ...otherFields } = (typeof request['fields'] === 'object' && request['fields'] !== null ? request['fields'] : {}) as Record<string, unknown>;
    const resolutionId = resolutionInput === undefined ? undefined : this.findResolutionId(resolutionInput);
    const next = this.resolveOrThrow(issue, { ...request, fields: otherFields });
    const items = this.diffValues(issue, next);
    items.unshift(...this.moveToStatus(issue, transition.toStatusId, resolutionId));
    this.store.replaceValues(issue, next);
    this.recordHistory(issue, actorId, items, 'issue_generic');
  }

  private findAvailableTransition(issue: StoredIssue, transitionRef: unknown): TransitionDef {
    const transitionId = (transitionRef as Record<string, unknown> | undefined)?.['id'];
    if (transitionId === undefined || transitionId === null || transitionId === '') {
      throw badRequest("Missing 'transition' identifier");
    }
    const transition = this.listTransitions(issue).find((t) => t.id === String(transitionId));
    if (!transition) throw badRequest(`Transition id '${String(transitionId)}' is not valid for this issue.`);
    return transition;
  }

  /** Appends a history to an issue, bumps `updated` and reports `jira:issue_updated`. */
  recordHistory(issue: StoredIssue, actorId: string, items: ChangeItem[], eventTypeName: string): StoredHistory {
    const now = this.nowMs();
    const history: StoredHistory = { id: String(this.store.allocateId('history')), authorId: actorId, createdMs: now, items };
    issue.histories.push(history);
    issue.updatedMs = now;
    this.emit({ webhookEvent: 'jira:issue_updated', issueEventTypeName: eventTypeName, issueId: issue.id, actorId, timestampMs: now, history });
    return history;
  }

  private resolveOrThrow(issue: StoredIssue, request: Record<string, unknown>): FieldValues {
    const outcome = resolveFieldWrites(this.store, this.store.projectOf(issue), this.store.issueTypeOf(issue), issue.values, request, 'edit');
    if (outcome.values['summary'] === null) outcome.errors['summary'] = 'You must specify a summary of the issue.';
    if (outcome.errorMessages.length > 0 || Object.keys(outcome.errors).length > 0) {
      throw new JiraApiError(400, outcome.errorMessages, outcome.errors);
    }
    return outcome.values;
  }

  private diffValues(issue: StoredIssue, next: FieldValues): ChangeItem[] {
    const project = this.store.projectOf(issue);
    return this.store.catalog.fields.flatMap((field) => (field.settable ? buildChangeItems(this.store, project, field, issue.values[field.id], next[field.id]) : []));
  }

  /** Changes status and, as Jira's default post-functions do, the resolution when entering or leaving "done". */
  private findResolutionId(input: unknown): string | null {
    if (input === null) return null;
    const record = typeof input === 'object' ? (input as Record<string, unknown>) : {};
    const found = this.store.catalog.resolutions.find((r) => r.id === record['id'] || r.name === record['name']);
    if (!found) throw new JiraApiError(400, [], { resolution: 'The resolution selected is invalid.' });
    return found.id;
  }

  private moveToStatus(issue: StoredIssue, toStatusId: string, resolutionOverride?: string | null): ChangeItem[] {
    const now = this.nowMs();
    const from = this.store.statusOf(issue);
    const to = this.store.findStatus(toStatusId);
    if (!to) throw new Error(`Jira emulator: unknown status ${toStatusId}`);
    const items: ChangeItem[] = [buildStatusChangeItem(this.store, from.id, to.id)];
    issue.statusId = to.id;
    if (from.category !== to.category) issue.statusCategoryChangedMs = now;
    const defaultResolutionId = to.category === 'done' ? ((this.store.catalog.resolutions.find((r) => r.name === to.name) ?? this.store.catalog.resolutions[0])?.id ?? null) : null;
    const resolutionId = resolutionOverride === undefined ? defaultResolutionId : resolutionOverride;
    if (resolutionId !== issue.resolutionId) {
      items.push(buildResolutionChangeItem(this.store, issue.resolutionId, resolutionId));
      issue.resolutionId = resolutionId;
      issue.resolutionDateMs = resolutionId === null ? null : now;
    }
    return items;
  }
}

/** Issue properties given in a create or edit body (`properties: [{ key, value }]`). */
function setRequestProperties(issue: StoredIssue, request: Record<string, unknown>): void {
  for (const property of Array.isArray(request['properties']) ? request['properties'] : []) {
    const entry = property as { key?: unknown; value?: unknown };
    if (typeof entry.key === 'string') issue.properties.set(entry.key, entry.value);
  }
}

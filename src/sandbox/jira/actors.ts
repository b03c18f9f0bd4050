import { z } from 'zod';
import { toAdfDocument } from './adf.js';
import type { CommentService } from './comment-service.js';
import { JiraApiError } from './jira-errors.js';
import type { IssueMover } from './issue-move.js';
import type { IssueService } from './issue-service.js';
import type { StoredIssue } from './model.js';
import type { JiraStore } from './store.js';

/**
 * Developer actions for `POST /__sandbox/actors` (system jira). `by` is the human account acting (default:
 * the assignee, else the project lead) — never the integration user, so casebridge sees them as foreign edits.
 */
const issueKey = z.string().min(1);
const by = z.string().min(1).optional();
export const jiraActorActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('transition'), issueKey, toStatus: z.string().min(1), by }),
  z.object({ type: z.literal('assign'), issueKey, accountId: z.string().min(1).nullable(), by }),
  z.object({
    type: z.literal('comment'),
    issueKey,
    body: z.string().min(1),
    visibility: z.object({ type: z.enum(['role', 'group']), value: z.string().min(1) }).optional(),
    by,
  }),
  z.object({ type: z.literal('setFixVersion'), issueKey, version: z.string().min(1), by }),
  z.object({ type: z.literal('editField'), issueKey, field: z.string().min(1), value: z.unknown(), by }),
  /** Moves the issue (and its sub-tasks) to another project: new key, old key still answers REST calls. */
  z.object({ type: z.literal('move'), issueKey, toProject: z.string().min(1), by }),
]);

/** One developer action, as validated by {@link jiraActorActionSchema}. */
export type JiraActorAction = z.infer<typeof jiraActorActionSchema>;

export type ActorOutcome = { ok: true; result: unknown } | { ok: false; error: string };

function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(action)'}: ${issue.message}`).join('; ');
}

/** Performs developer actions through the same services the REST API uses, so they record changelogs and fire webhooks. */
export class JiraActors {
  constructor(
    private readonly store: JiraStore,
    private readonly issues: IssueService,
    private readonly comments: CommentService,
    private readonly mover: IssueMover,
  ) {}

  run(input: unknown): ActorOutcome {
    const parsed = jiraActorActionSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: `Invalid Jira actor action: ${describeZodError(parsed.error)}` };
    const action = parsed.data;
    const issue = this.store.findIssue(action.issueKey);
    if (!issue) return { ok: false, error: `Issue ${action.issueKey} does not exist.` };
    const actorId = action.by ?? this.defaultActor(issue);
    if (!this.store.findUser(actorId) || actorId === this.store.catalog.apiUserAccountId) {
      return { ok: false, error: `'${actorId}' is not a developer account of the sandbox site.` };
    }
    try {
      return { ok: true, result: this.perform(action, issue, actorId) };
    } catch (error) {
      if (error instanceof JiraApiError) {
        return { ok: false, error: [...error.errorMessages, ...Object.entries(error.errors).map(([f, m]) => `${f}: ${m}`)].join('; ') };
      }
      throw error;
    }
  }

  /** The assignee, or else the project lead. */
  defaultActor(issue: StoredIssue): string {
    const assignee = issue.values['assignee'];
    return typeof assignee === 'string' ? assignee : this.store.projectOf(issue).leadAccountId;
  }

  private perform(action: JiraActorAction, issue: StoredIssue, actorId: string): unknown {
    switch (action.type) {
      case 'transition': {
        const target = this.store.findStatus(action.toStatus);
        const transition = this.issues.listTransitions(issue).find((t) => t.toStatusId === target?.id);
        if (!transition) {
          throw new JiraApiError(400, [`No transition from '${this.store.statusOf(issue).name}' to '${action.toStatus}' in workflow '${this.store.workflowOf(issue).name}'.`]);
        }
        this.issues.transitionIssue(issue, { transition: { id: transition.id } }, actorId);
        return { key: issue.key, status: this.store.statusOf(issue).name, transition: transition.name };
      }
      case 'assign':
        this.issues.editIssue(issue, { fields: { assignee: action.accountId === null ? null : { accountId: action.accountId } } }, actorId);
        return { key: issue.key, assignee: action.accountId };
      case 'comment': {
        const comment = this.comments.addComment(issue, { body: toAdfDocument(action.body), ...(action.visibility ? { visibility: action.visibility } : {}) }, actorId);
        return { key: issue.key, commentId: comment.id };
      }
      case 'setFixVersion':
        this.issues.editIssue(issue, { fields: { fixVersions: [{ name: action.version }] } }, actorId);
        return { key: issue.key, fixVersion: action.version };
      case 'editField':
        this.issues.editIssue(issue, { fields: { [action.field]: action.value } }, actorId);
        return { key: issue.key, field: action.field };
      case 'move': {
        const moved = this.mover.move(issue, action.toProject, actorId);
        return { key: issue.key, moved };
      }
    }
  }
}

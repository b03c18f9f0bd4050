import type { ProjectDef, WorkflowDef } from './catalog-types.js';
import { buildStatusChangeItem } from './change-items.js';
import { JiraApiError, badRequest } from './jira-errors.js';
import type { IssueService } from './issue-service.js';
import type { ChangeItem, StoredIssue } from './model.js';
import type { JiraStore } from './store.js';

/**
 * Moving an issue to another project, as Jira's "Move" does: the issue keeps its id and gets the next key of
 * the target project; its sub-tasks move with it. REST calls naming the old key still reach it (the store
 * remembers old keys), JQL does not know the old key any more. Components and fix versions belong to a
 * project, so they are cleared; a status the target workflow lacks becomes the workflow's first status.
 */
export class IssueMover {
  constructor(
    private readonly store: JiraStore,
    private readonly issues: IssueService,
  ) {}

  /** Moves `issue` (and its sub-tasks) to `targetRef` (key or id); returns the keys before and after. */
  move(issue: StoredIssue, targetRef: string, actorId: string): { from: string; to: string }[] {
    const target = this.store.findProject(targetRef);
    if (!target) throw new JiraApiError(400, [], { project: 'Specify a valid project ID or key' });
    if (target.id === issue.projectId) throw badRequest(`Issue ${issue.key} is already in project ${target.key}.`);
    if (this.store.issueTypeOf(issue).subtask) {
      throw badRequest(`Issue ${issue.key} is a sub-task; move its parent and the sub-task moves with it.`);
    }
    const family = [issue, ...this.store.subtasksOf(issue)];
    for (const member of family) {
      if (!target.workflowByIssueTypeId[member.issueTypeId]) {
        throw badRequest(`Project ${target.key} has no issue type '${this.store.issueTypeOf(member).name}' for ${member.key}.`);
      }
    }
    return family.map((member) => this.moveOne(member, target, actorId));
  }

  private moveOne(issue: StoredIssue, target: ProjectDef, actorId: string): { from: string; to: string } {
    const fromKey = issue.key;
    const fromProject = this.store.projectOf(issue);
    const workflow = target.workflowByIssueTypeId[issue.issueTypeId] as WorkflowDef;
    const toKey = this.store.allocateIssueKey(target);
    const items: ChangeItem[] = [
      { field: 'project', fieldtype: 'jira', fieldId: 'project', from: fromProject.id, fromString: fromProject.name, to: target.id, toString: target.name },
      { field: 'Key', fieldtype: 'jira', fieldId: 'issuekey', from: null, fromString: fromKey, to: null, toString: toKey },
    ];
    this.store.rekeyIssue(issue, toKey, target.id);
    if (!statusesOf(workflow).has(issue.statusId)) {
      items.push(buildStatusChangeItem(this.store, issue.statusId, workflow.initialStatusId));
      issue.statusId = workflow.initialStatusId;
    }
    this.store.replaceValues(issue, { ...issue.values, components: [], fixVersions: [] });
    this.issues.recordHistory(issue, actorId, items, 'issue_moved');
    return { from: fromKey, to: issue.key };
  }
}

function statusesOf(workflow: WorkflowDef): Set<string> {
  return new Set([workflow.initialStatusId, ...workflow.transitions.flatMap((t) => [...t.fromStatusIds, t.toStatusId])]);
}

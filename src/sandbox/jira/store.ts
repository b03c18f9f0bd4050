import type { FieldDef, IssueTypeDef, PriorityDef, ProjectDef, SiteCatalog, StatusDef, UserDef, WorkflowDef } from './catalog-types.js';
import { buildSiteCatalog } from './catalog.js';
import type { FieldValues, StoredIssue, StoredIssueLink } from './model.js';

/** First id handed out for issues, comments, histories and links, as on a young Jira Cloud site. */
const FIRST_ID = 10000;

/** The whole mutable state of the emulated Jira site, plus indexed lookups into its catalog. */
export class JiraStore {
  catalog: SiteCatalog = buildSiteCatalog();
  issues = new Map<string, StoredIssue>();
  keyToId = new Map<string, string>();
  /** Keys issues had before they were moved to another project → issue id (REST calls follow them). */
  movedKeyToId = new Map<string, string>();
  links: StoredIssueLink[] = [];
  /** Parent issue id → sub-task ids, so rendering `subtasks` does not scan every issue. */
  private childrenByParent = new Map<string, Set<string>>();
  private nextIds = new Map<string, number>();
  private nextIssueNumberByProject = new Map<string, number>();

  constructor(readonly baseUrl: () => string) {}

  /** Back to the freshly configured site with no issues. */
  reset(): void {
    this.catalog = buildSiteCatalog();
    this.issues.clear();
    this.keyToId.clear();
    this.movedKeyToId.clear();
    this.links = [];
    this.childrenByParent.clear();
    this.nextIds.clear();
    this.nextIssueNumberByProject.clear();
  }

  /** Next numeric id in a named sequence (issue, comment, history, link, remotelink, webhook). */
  allocateId(sequence: string): number {
    const next = this.nextIds.get(sequence) ?? FIRST_ID;
    this.nextIds.set(sequence, next + 1);
    return next;
  }

  allocateIssueKey(project: ProjectDef): string {
    const next = this.nextIssueNumberByProject.get(project.key) ?? 1;
    this.nextIssueNumberByProject.set(project.key, next + 1);
    return `${project.key}-${next}`;
  }

  apiUrl(path: string): string {
    return `${this.baseUrl().replace(/\/$/, '')}/rest/api/3/${path}`;
  }

  /**
   * An issue by id, current key or a key it had before a move: REST calls that name an old key reach the
   * issue under its new key, as in Jira Cloud.
   */
  findIssue(idOrKey: string): StoredIssue | undefined {
    const found = this.findIssueByIdOrCurrentKey(idOrKey);
    if (found) return found;
    const movedId = this.movedKeyToId.get(idOrKey.toUpperCase());
    return movedId === undefined ? undefined : this.issues.get(movedId);
  }

  /** An issue by id or current key only (what JQL resolves; an old key names nothing there). */
  findIssueByIdOrCurrentKey(idOrKey: string): StoredIssue | undefined {
    const byId = this.issues.get(idOrKey);
    if (byId) return byId;
    const id = this.keyToId.get(idOrKey.toUpperCase());
    return id === undefined ? undefined : this.issues.get(id);
  }

  /** Gives an issue a new key (a move), remembering the old one. */
  rekeyIssue(issue: StoredIssue, newKey: string, newProjectId: string): void {
    this.keyToId.delete(issue.key);
    this.movedKeyToId.set(issue.key, issue.id);
    issue.key = newKey;
    issue.projectId = newProjectId;
    this.keyToId.set(newKey, issue.id);
  }

  findProject(idOrKey: string): ProjectDef | undefined {
    const upper = idOrKey.toUpperCase();
    return this.catalog.projects.find((p) => p.id === idOrKey || p.key === upper);
  }

  projectOf(issue: StoredIssue): ProjectDef {
    return mustFind(
      this.catalog.projects.find((p) => p.id === issue.projectId),
      'project',
      issue.projectId,
    );
  }

  /** The API user's profile time zone (what `/myself` says and JQL dates are read in). */
  apiUserTimeZone(): string {
    return this.findUser(this.catalog.apiUserAccountId)?.timeZone ?? 'Etc/UTC';
  }

  /** Changes the API user's profile time zone (an IANA name, already validated). */
  setApiUserTimeZone(timeZone: string): void {
    const apiUserId = this.catalog.apiUserAccountId;
    this.catalog = { ...this.catalog, users: this.catalog.users.map((u) => (u.accountId === apiUserId ? { ...u, timeZone } : u)) };
  }

  findUser(accountId: string): UserDef | undefined {
    return this.catalog.users.find((u) => u.accountId === accountId);
  }

  findStatus(idOrName: string): StatusDef | undefined {
    const lower = idOrName.toLowerCase();
    return this.catalog.statuses.find((s) => s.id === idOrName || s.name.toLowerCase() === lower);
  }

  statusOf(issue: StoredIssue): StatusDef {
    return mustFind(this.findStatus(issue.statusId), 'status', issue.statusId);
  }

  findIssueType(idOrName: string): IssueTypeDef | undefined {
    const lower = idOrName.toLowerCase();
    return this.catalog.issueTypes.find((t) => t.id === idOrName || t.name.toLowerCase() === lower);
  }

  issueTypeOf(issue: StoredIssue): IssueTypeDef {
    return mustFind(this.findIssueType(issue.issueTypeId), 'issue type', issue.issueTypeId);
  }

  findPriority(idOrName: string): PriorityDef | undefined {
    const lower = idOrName.toLowerCase();
    return this.catalog.priorities.find((p) => p.id === idOrName || p.name.toLowerCase() === lower);
  }

  findField(id: string): FieldDef | undefined {
    return this.catalog.fields.find((f) => f.id === id);
  }

  /** A field by any JQL clause name (`cf[10010]`, `"Salesforce Case Ids"`, `type`) or by id. */
  findFieldByClause(name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return this.catalog.fields.find((f) => f.id.toLowerCase() === lower || f.clauseNames.some((c) => c.toLowerCase() === lower));
  }

  workflowOf(issue: StoredIssue): WorkflowDef {
    const workflow = this.projectOf(issue).workflowByIssueTypeId[issue.issueTypeId];
    return mustFind(workflow, 'workflow for issue type', issue.issueTypeId);
  }

  subtasksOf(issue: StoredIssue): StoredIssue[] {
    const ids = [...(this.childrenByParent.get(issue.id) ?? [])].sort((a, b) => Number(a) - Number(b));
    return ids.flatMap((id) => this.issues.get(id) ?? []);
  }

  addIssue(issue: StoredIssue): void {
    this.issues.set(issue.id, issue);
    this.keyToId.set(issue.key, issue.id);
    this.indexParent(issue.id, null, issue.values['parent']);
  }

  /** Replaces an issue's field values, keeping the sub-task index in step. */
  replaceValues(issue: StoredIssue, values: FieldValues): void {
    this.indexParent(issue.id, issue.values['parent'], values['parent']);
    issue.values = values;
  }

  removeIssue(issue: StoredIssue): void {
    this.indexParent(issue.id, issue.values['parent'], null);
    this.childrenByParent.delete(issue.id);
    this.issues.delete(issue.id);
    this.keyToId.delete(issue.key);
    for (const [oldKey, id] of this.movedKeyToId) if (id === issue.id) this.movedKeyToId.delete(oldKey);
    this.links = this.links.filter((l) => l.inwardIssueId !== issue.id && l.outwardIssueId !== issue.id);
  }

  private indexParent(childId: string, oldParent: unknown, newParent: unknown): void {
    if (oldParent === newParent) return;
    if (typeof oldParent === 'string') this.childrenByParent.get(oldParent)?.delete(childId);
    if (typeof newParent === 'string') {
      const children = this.childrenByParent.get(newParent) ?? new Set<string>();
      children.add(childId);
      this.childrenByParent.set(newParent, children);
    }
  }
}

function mustFind<T>(value: T | undefined, what: string, id: string): T {
  // The catalog is fixed and issues only reference ids from it, so a miss is a bug in the emulator.
  if (value === undefined) throw new Error(`Jira emulator: unknown ${what} ${id}`);
  return value;
}

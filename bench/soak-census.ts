/**
 * What `bench soak` checks beyond the exactly-once census (test/helpers/sync-census.ts): nothing
 * lost. Every public comment an agent wrote on a mirrored case is on its issue, every `#customer`
 * comment a developer wrote on a case's issue is on the case, and each pair's status ended where
 * the later person's change put it, both ways. Status changes are timed by who made them: agents'
 * by the soak's own step wrapper, developers' from the Jira changelog (casebridge's own writes
 * are neither, so they never count as the later change).
 */
import { toPlainText } from '../src/domain/sync/adf.js';
import type { AdfNode } from '../src/domain/sync/adf.js';
import type { SyncConfig } from '../src/config/schemas/sync.js';
import type { SalesforceStore } from '../src/sandbox/salesforce/store.js';
import type { Knex } from 'knex';
import type { Census } from '../test/helpers/sync-census.js';

const FROM_SALESFORCE = /— Salesforce case \S+, comment ([A-Za-z0-9]{15,18})\s*$/;
const FROM_JIRA = /— Jira ([A-Z][A-Z0-9_]+-\d+), comment (\d+)\s*$/;

export interface LossCensusInput {
  census: Census;
  store: SalesforceStore;
  integrationUserId: string;
  statusMap: SyncConfig['statusMap'];
  /** Case id → when an agent last changed its status (creation counts). */
  agentStatusChangedMs: ReadonlyMap<string, number>;
  /** Issue key → when a developer last changed its status (Jira changelog). */
  developerStatusChangedMs: ReadonlyMap<string, number>;
  toSalesforcePrefix: string;
}

/** A pair whose status stayed where the earlier change put it, with the two people's change times. */
export interface StatusLoss {
  caseId: string;
  caseNumber: string;
  key: string;
  caseStatus: string;
  jiraStatus: string;
  agentChangedAt: string | null;
  developerChangedAt: string | null;
}

export interface LossCensus {
  lostCommentsToJira: Array<{ caseNumber: string; caseCommentId: string; key: string }>;
  lostCommentsToCases: Array<{ caseNumber: string; key: string; jiraCommentId: string }>;
  statusNotCarriedToJira: StatusLoss[];
  statusNotCarriedToCase: StatusLoss[];
  /** Pairs the checks looked at (a mirrored case with exactly one issue). */
  pairs: number;
}

export function takeLossCensus(input: LossCensusInput): LossCensus {
  const { census, store } = input;
  const out: LossCensus = { lostCommentsToJira: [], lostCommentsToCases: [], statusNotCarriedToJira: [], statusNotCarriedToCase: [], pairs: 0 };
  const issueOfCase = new Map<string, Census['issues'][number]>();
  for (const issue of census.issues) for (const label of issue.labels) if (label.startsWith('sfcase-')) issueOfCase.set(label.slice('sfcase-'.length), issue);
  const commentsOf = new Map<string, Array<Record<string, unknown>>>();
  for (const comment of store.list('CaseComment')) commentsOf.set(String(comment.ParentId), [...(commentsOf.get(String(comment.ParentId)) ?? []), comment]);
  const duplicates = new Set(census.duplicateIssues.map((d) => d.caseNumber));

  for (const record of store.list('Case')) {
    const caseId = String(record.Id);
    const caseNumber = String(record.CaseNumber);
    const issue = issueOfCase.get(caseId);
    if (!issue || duplicates.has(caseNumber)) continue;
    out.pairs++;
    const onCase = commentsOf.get(caseId) ?? [];
    const onIssue = issue.comments.map((c) => ({ id: c.id, text: toPlainText(c.body as AdfNode) }));
    const postedToJira = new Set(onIssue.map((c) => FROM_SALESFORCE.exec(c.text)?.[1]).filter((id) => id !== undefined));
    for (const comment of onCase) {
      const body = String(comment.CommentBody ?? '');
      const byPerson = comment.CreatedById !== input.integrationUserId && !FROM_JIRA.test(body);
      if (comment.IsPublished === true && byPerson && !postedToJira.has(String(comment.Id))) out.lostCommentsToJira.push({ caseNumber, caseCommentId: String(comment.Id), key: issue.key });
    }
    const postedToCase = new Set(onCase.map((c) => FROM_JIRA.exec(String(c.CommentBody ?? ''))).flatMap((m) => (m ? [`${m[1]}#${m[2]}`] : [])));
    for (const comment of onIssue) {
      if (FROM_SALESFORCE.test(comment.text) || !comment.text.startsWith(input.toSalesforcePrefix)) continue;
      if (!postedToCase.has(`${issue.key}#${comment.id}`)) out.lostCommentsToCases.push({ caseNumber, key: issue.key, jiraCommentId: comment.id });
    }
    checkStatus(input, { caseId, caseNumber, caseStatus: String(record.Status), key: issue.key, jiraStatus: issue.status }, out);
  }
  return out;
}

/**
 * A pair whose statuses disagree is a loss when the later person's change maps to the other side
 * and was not carried there. Agreeing means either side's mapping already points at the other.
 */
function checkStatus(input: LossCensusInput, pair: { caseId: string; caseNumber: string; caseStatus: string; key: string; jiraStatus: string }, out: LossCensus): void {
  const caseMapping = input.statusMap.toJira[pair.caseStatus];
  const caseTarget = caseMapping && caseMapping !== 'ignore' ? caseMapping.jiraStatus : undefined;
  const jiraTarget = input.statusMap.toSalesforce[pair.jiraStatus]?.caseStatus;
  if (caseTarget === pair.jiraStatus || jiraTarget === pair.caseStatus) return;
  const agentAt = input.agentStatusChangedMs.get(pair.caseId) ?? -Infinity;
  const developerAt = input.developerStatusChangedMs.get(pair.key) ?? -Infinity;
  const at = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  const loss: StatusLoss = { ...pair, agentChangedAt: at(agentAt), developerChangedAt: at(developerAt) };
  if (agentAt > developerAt && caseTarget !== undefined) out.statusNotCarriedToJira.push(loss);
  if (developerAt > agentAt && jiraTarget !== undefined) out.statusNotCarriedToCase.push(loss);
}

/** Issue key → when a person (not the API user) last moved its status, from the changelog over REST. */
export async function readDeveloperStatusChanges(baseUrl: string): Promise<Map<string, number>> {
  const headers = { authorization: `Basic ${Buffer.from('checker@example.com:checker').toString('base64')}`, 'content-type': 'application/json' };
  const apiUser = ((await (await fetch(`${baseUrl}/rest/api/3/myself`, { headers })).json()) as { accountId: string }).accountId;
  const projects = (await (await fetch(`${baseUrl}/rest/api/3/project`, { headers })).json()) as Array<{ key: string }>;
  const changed = new Map<string, number>();
  let nextPageToken: string | undefined;
  do {
    const body = {
      jql: `project in (${projects.map((p) => p.key).join(', ')}) ORDER BY key ASC`,
      fields: ['status'],
      expand: 'changelog',
      maxResults: 100,
      ...(nextPageToken ? { nextPageToken } : {}),
    };
    const response = await fetch(`${baseUrl}/rest/api/3/search/jql`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`reading the Jira changelog: ${response.status} ${await response.text()}`);
    type Page = { issues: Array<{ key: string; changelog?: { histories?: Array<{ created: string; author?: { accountId: string }; items: Array<{ field: string }> }> } }>; nextPageToken?: string };
    const page = (await response.json()) as Page;
    for (const issue of page.issues) {
      const moves = (issue.changelog?.histories ?? []).filter((h) => h.author?.accountId !== apiUser && h.items.some((i) => i.field === 'status'));
      if (moves.length > 0) changed.set(issue.key, Math.max(...moves.map((h) => Date.parse(h.created))));
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return changed;
}

/**
 * What casebridge recorded about the pairs of status losses (audit entries of the case and the issue,
 * the last 20, and status snapshots), read before the schema is dropped, so that a loss the soak finds can be explained.
 */
export async function statusLossEvidence(knex: Knex, losses: ReadonlyArray<Pick<StatusLoss, 'caseId' | 'key'>>) {
  const evidence = [];
  for (const { caseId, key } of losses.slice(0, 5)) {
    const audit = await knex('audit_log').whereIn('object_id', [caseId, key]).orderBy('id').select('at', 'system', 'object_id', 'action', 'before', 'after', 'note');
    const snapshots = await knex('snapshots')
      .whereIn('object_id', [caseId, `${key}@${caseId}`])
      .where('field', '$status')
      .select('system', 'object_id', 'value', 'updated_at');
    evidence.push({ caseId, key, audit: audit.slice(-20), snapshots });
  }
  return evidence;
}

/**
 * The first step of a sync pass: for each case, decide whether to create an issue, link the case to
 * a key an agent typed, relink it, or do nothing; link the typed keys; and gather the drafts to
 * create, the ones of intents a crash left 'creating' included.
 */
import type { CaseRecord, IssueDraft } from '../domain/sync/records.js';
import { decideCase } from '../domain/sync/plan-case.js';
import type { CaseDecision } from '../domain/sync/plan-case.js';
import * as links from '../adapters/store/links.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import type { Problem } from './problems.js';

/** What deciding did to the pass's outcome: typed keys linked, and problems found. */
export interface DecideOutcome {
  linked: number;
  problems: Problem[];
}

const topicOf = (record: CaseRecord) => (record.fields.Topic__c as string | null) ?? null;

/** One decision per case; a case whose create intent is open gets none (the intent is resolved below). */
export function decideCases(ctx: EngineContext, cases: readonly CaseRecord[], liveLinks: readonly links.Link[], caseSnapshots: Map<string, Map<string, Snapshot>>): Map<string, CaseDecision> {
  const decisions = new Map<string, CaseDecision>();
  for (const record of cases) {
    const link = liveLinks.find((l) => l.caseId === record.id);
    const keyWeWrote = (caseSnapshots.get(record.id)?.get(ctx.config.mirror.jiraKeyField)?.value as string | undefined) ?? null;
    if (link?.state === 'creating') {
      decisions.set(record.id, { kind: 'none' });
      continue;
    }
    decisions.set(record.id, decideCase(ctx.config, record, { linkedIssueKey: link?.issueKey ?? null, keyWeWrote, topic: topicOf(record) }));
  }
  return decisions;
}

/** The drafts of the create decisions, plus those of intents still 'creating' from a crash (resolved through the same path). */
export function draftsToCreate(ctx: EngineContext, decisions: Map<string, CaseDecision>, liveLinks: readonly links.Link[], caseById: ReadonlyMap<string, CaseRecord>): IssueDraft[] {
  const drafts = [...decisions.values()].flatMap((d) => (d.kind === 'create' ? [d.draft] : []));
  for (const link of liveLinks) {
    const record = caseById.get(link.caseId);
    if (link.state !== 'creating' || !record) continue;
    const decision = decideCase(ctx.config, record, { linkedIssueKey: null, keyWeWrote: null, topic: topicOf(record) });
    if (decision.kind === 'create') drafts.push(decision.draft);
  }
  return drafts;
}

/** Links cases to issue keys agents typed (after checking the issue exists), relinking when they changed it. */
export async function linkTypedKeys(ctx: EngineContext, decisions: Map<string, CaseDecision>, liveLinks: readonly links.Link[], outcome: DecideOutcome, correlationId: string): Promise<void> {
  const wanted = [...decisions.entries()].filter(([, d]) => d.kind === 'link' || d.kind === 'relink') as Array<[string, Extract<CaseDecision, { kind: 'link' | 'relink' }>]>;
  for (const [caseId, decision] of decisions) {
    if (decision.kind === 'invalidKey') outcome.problems.push({ caseId, code: 'INVALID_ISSUE_KEY', message: `the Jira key field holds "${decision.value}", which is not an issue key` });
  }
  if (wanted.length === 0) return;
  const found = await ctx.issues.getIssues([...new Set(wanted.map(([, d]) => d.issueKey))]);
  const byKey = new Map(found.map((i) => [i.key, i]));
  // A key the search does not know may be the old key of an issue moved to another project: GET
  // answers it under its new key, and the case is linked to that.
  for (const key of new Set(wanted.map(([, d]) => d.issueKey))) {
    if (byKey.has(key)) continue;
    const issue = await ctx.issues.getIssueByKey(key);
    if (issue) byKey.set(key, issue);
  }
  for (const [caseId, decision] of wanted) {
    const issue = byKey.get(decision.issueKey);
    if (!issue) {
      outcome.problems.push({ caseId, code: 'UNKNOWN_ISSUE_KEY', message: `the Jira key field names ${decision.issueKey}, which does not exist or is not visible` });
      continue;
    }
    await ctx.db.transaction(async (trx) => {
      const current = liveLinks.find((l) => l.caseId === caseId);
      if (current) await links.markUnlinked(trx, current.id);
      await links.insertLinked(trx, caseId, { key: issue.key, id: issue.id });
    });
    outcome.linked++;
    await appendAudit(ctx.db, [{ system: 'casebridge', objectType: 'link', objectId: caseId, action: decision.kind, after: { issueKey: issue.key }, correlationId }]);
  }
}

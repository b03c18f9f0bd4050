/**
 * Creates Jira issues for cases exactly once, whatever crashes or retries happen:
 *  1. an intent row per case is inserted first (one live link per case, enforced by an index);
 *  2. each issue carries the case's label, so it can be found again;
 *  3. an intent left behind by a crash is taken over only after its lease, and the taker first
 *     searches for the label; only when nothing carries it is the issue created again.
 */
import type { IssueDraft } from '../domain/sync/records.js';
import { caseLabel } from '../domain/sync/plan-case.js';
import * as links from '../adapters/store/links.js';
import type { Link } from '../adapters/store/links.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import { withRetry } from './retry.js';

export interface CreateResult {
  /** Case id → the issue now linked (created now, found by label, or linked by someone else). */
  linked: Map<string, { key: string; id: string; createdNow: boolean }>;
  /** Cases whose intent another worker holds within its lease: try again later. */
  deferred: string[];
  failed: Array<{ caseId: string; code: string; message: string }>;
}

export async function createIssuesOnce(ctx: EngineContext, drafts: readonly IssueDraft[], meta: { correlationId: string; jobId?: string }): Promise<CreateResult> {
  const result: CreateResult = { linked: new Map(), deferred: [], failed: [] };
  if (drafts.length === 0) return result;
  const byCase = new Map(drafts.map((d) => [d.caseId, d]));
  const { created, existing } = await links.insertCreateIntents(ctx.db, [...byCase.keys()]);

  const toCreate: Link[] = [...created];
  const abandoned: Link[] = [];
  for (const link of existing) {
    if (link.state === 'linked' && link.issueKey) result.linked.set(link.caseId, { key: link.issueKey, id: link.issueId ?? '', createdNow: false });
    else if (link.state === 'creating') abandoned.push(link);
  }
  const claimed = await links.claimStaleIntents(ctx.db, abandoned.map((l) => l.id), ctx.intentLeaseMs);
  const claimedIds = new Set(claimed.map((l) => l.id));
  for (const link of abandoned) if (!claimedIds.has(link.id)) result.deferred.push(link.caseId);

  if (claimed.length > 0) {
    // A crashed holder may have created the issue already: its label says so.
    const labelToCase = new Map(claimed.map((l) => [caseLabel(ctx.config, l.caseId), l]));
    const found = await withRetry('jira.findIssuesByLabels', () => ctx.issues.findIssuesByLabels([...labelToCase.keys()]), ctx.config.retries, { ...ctx.retry, idempotent: true });
    const recovered = new Set<number>();
    for (const issue of found.sort((a, b) => Number(a.id) - Number(b.id))) {
      for (const label of issue.labels) {
        const link = labelToCase.get(label);
        if (!link || recovered.has(link.id)) continue;
        recovered.add(link.id);
        await links.markLinked(ctx.db, link.id, { key: issue.key, id: issue.id });
        result.linked.set(link.caseId, { key: issue.key, id: issue.id, createdNow: false });
      }
    }
    toCreate.push(...claimed.filter((l) => !recovered.has(l.id)));
  }

  if (toCreate.length === 0) return result;
  const ordered = toCreate.map((link) => ({ link, draft: byCase.get(link.caseId)! }));
  // Not idempotent: retried only when Jira refused outright (429); an ambiguous failure leaves the
  // intents in place for the label search above.
  const outcomes = await withRetry('jira.createIssues', () => ctx.issues.createIssues(ordered.map((o) => o.draft)), ctx.config.retries, { ...ctx.retry, idempotent: false });
  const audit = [];
  for (const [index, { link, draft }] of ordered.entries()) {
    const outcome = outcomes[index];
    if (outcome?.ok) {
      await links.markLinked(ctx.db, link.id, outcome.value);
      result.linked.set(link.caseId, { ...outcome.value, createdNow: true });
      audit.push({ system: 'jira' as const, objectType: 'issue', objectId: outcome.value.key, action: 'create', after: { ...draft }, correlationId: meta.correlationId, jobId: meta.jobId });
    } else {
      // Refused for good (a field Jira rejects): free the case so a fixed config can try again.
      await links.markUnlinked(ctx.db, link.id);
      result.failed.push({ caseId: link.caseId, code: outcome?.error.code ?? 'JIRA_CREATE_FAILED', message: outcome?.error.message ?? 'no result for this issue' });
    }
  }
  await appendAudit(ctx.db, audit);
  return result;
}

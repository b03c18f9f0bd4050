/**
 * Creates Jira issues for cases exactly once, whatever crashes or retries happen:
 *  1. an intent row per case is inserted first (one live link per case, enforced by an index);
 *  2. each issue carries the case's label, so it can be found again;
 *  3. an intent left behind by a crash is taken over only after its lease, and the taker first
 *     searches for the label; only when nothing carries it is the issue created again.
 * The adapter says per draft what its bulk request did: created ones are linked at once (whatever
 * happened to later chunks), refused-for-now ones free their intent and are kept for later,
 * unknown ones keep their intent, so after the lease the label search decides (the lease is well
 * above the search index's lag, see `engine.createLeaseSeconds`).
 */
import { dispositionOf, type IssueDraft } from '../domain/sync/records.js';
import { caseLabel } from '../domain/sync/plan-case.js';
import * as links from '../adapters/store/links.js';
import type { Link } from '../adapters/store/links.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';

export interface CreateResult {
  /** Case id → the issue now linked (created now, found by label, or linked by someone else). */
  linked: Map<string, { key: string; id: string; createdNow: boolean }>;
  /** Cases whose intent another worker holds within its lease, or whose create may have happened: look again after the lease. */
  deferred: string[];
  /** Cases Jira refused for now (rate limit still exhausted): their intent is freed; try again after `retryAfterMs`. */
  refusedForNow: Array<{ caseId: string; retryAfterMs?: number }>;
  failed: Array<{ caseId: string; code: string; message: string }>;
}

export async function createIssuesOnce(ctx: EngineContext, drafts: readonly IssueDraft[], meta: { correlationId: string; jobId?: string }): Promise<CreateResult> {
  const result: CreateResult = { linked: new Map(), deferred: [], refusedForNow: [], failed: [] };
  if (drafts.length === 0) return result;
  const byCase = new Map(drafts.map((d) => [d.caseId, d]));
  const { created, existing } = await links.insertCreateIntents(ctx.db, [...byCase.keys()]);

  const toCreate: Link[] = [...created];
  const abandoned: Link[] = [];
  for (const link of existing) {
    if (link.state === 'linked' && link.issueKey) result.linked.set(link.caseId, { key: link.issueKey, id: link.issueId ?? '', createdNow: false });
    else if (link.state === 'creating') abandoned.push(link);
  }
  const claimed = await links.claimStaleIntents(
    ctx.db,
    abandoned.map((l) => l.id),
    ctx.intentLeaseMs,
  );
  const claimedIds = new Set(claimed.map((l) => l.id));
  for (const link of abandoned) if (!claimedIds.has(link.id)) result.deferred.push(link.caseId);

  if (claimed.length > 0) {
    // A crashed holder may have created the issue already: its label says so.
    const labelToCase = new Map(claimed.map((l) => [caseLabel(ctx.config, l.caseId), l]));
    const found = await ctx.issues.findIssuesByLabels([...labelToCase.keys()]);
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
  // Sent once per chunk: the adapter retries each bulk request alone, and answers per draft.
  const outcomes = await ctx.issues.createIssues(ordered.map((o) => o.draft));
  const audit = [];
  for (const [index, { link, draft }] of ordered.entries()) {
    const outcome = outcomes[index] ?? { ok: false as const, error: { code: 'NO_RESULT', message: 'no result for this issue', disposition: 'unknown' as const } };
    if (outcome.ok) {
      await links.markLinked(ctx.db, link.id, outcome.value);
      result.linked.set(link.caseId, { ...outcome.value, createdNow: true });
      audit.push({ system: 'jira' as const, objectType: 'issue', objectId: outcome.value.key, action: 'create', after: { ...draft }, correlationId: meta.correlationId, jobId: meta.jobId });
      continue;
    }
    const disposition = dispositionOf(outcome);
    if (disposition === 'unknown') {
      // It may exist: the intent stays, and after its lease the label search finds it or not.
      result.deferred.push(link.caseId);
      ctx.logger.warn({ caseId: link.caseId, code: outcome.error.code, correlationId: meta.correlationId }, 'issue create may or may not have happened; the label search decides after the lease');
    } else if (disposition === 'refusedForNow') {
      // Nothing was created: free the case now, so the later try does not wait for a lease.
      await links.markUnlinked(ctx.db, link.id);
      result.refusedForNow.push({ caseId: link.caseId, ...(outcome.error.retryAfterMs !== undefined ? { retryAfterMs: outcome.error.retryAfterMs } : {}) });
    } else {
      // Refused for good (a field Jira rejects): free the case so a fixed config can try again.
      await links.markUnlinked(ctx.db, link.id);
      result.failed.push({ caseId: link.caseId, code: outcome.error.code, message: outcome.error.message });
    }
  }
  await appendAudit(ctx.db, audit);
  return result;
}

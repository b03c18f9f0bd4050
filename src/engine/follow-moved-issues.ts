/**
 * Issues that moved to another project. Jira gives a moved issue a new key: a search by the old key
 * finds nothing, while `GET /issue/{oldKey}` answers the issue under its new key. A linked key the
 * pass's search did not return is therefore looked up by GET before it is called gone; a moved
 * issue is followed: its links take the new key (audited), its pair snapshots go with it, and the
 * pass then writes the new key and URL onto the cases through the normal plan.
 */
import type { IssueRecord } from '../domain/sync/records.js';
import * as links from '../adapters/store/links.js';
import type { Link } from '../adapters/store/links.js';
import { getSnapshots, upsertSnapshots } from '../adapters/store/snapshots.js';
import { appendAudit } from '../adapters/store/audit-log.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';

export interface FollowedIssues {
  /** The live links, moved ones under their new key. */
  links: Link[];
  /** Issues read by GET: moved ones, and ones the search index did not show yet. */
  issues: IssueRecord[];
}

export async function followMovedIssues(
  ctx: EngineContext,
  liveLinks: readonly Link[],
  searched: readonly IssueRecord[],
  meta: { skipCases: ReadonlySet<string>; correlationId: string; jobId?: string; pairObjectId: (issueKey: string, caseId: string) => string },
): Promise<FollowedIssues> {
  const seen = new Set(searched.map((i) => i.key));
  const missing = [...new Set(liveLinks.filter((l) => l.issueKey && !seen.has(l.issueKey) && !meta.skipCases.has(l.caseId)).map((l) => l.issueKey!))];
  const result: FollowedIssues = { links: [...liveLinks], issues: [] };
  const audit: AuditEntry[] = [];
  for (const oldKey of missing) {
    const issue = await ctx.issues.getIssueByKey(oldKey);
    if (!issue) continue;
    result.issues.push(issue);
    if (issue.key === oldKey) continue;
    const moved = await ctx.db.transaction(async (trx) => {
      const updated = await links.followMovedIssue(trx, oldKey, { key: issue.key, id: issue.id });
      const old = await getSnapshots(
        trx,
        'jira',
        updated.map((l) => meta.pairObjectId(oldKey, l.caseId)),
      );
      const carried = updated.flatMap((l) => [...(old.get(meta.pairObjectId(oldKey, l.caseId))?.values() ?? [])].map((s) => ({ ...s, objectId: meta.pairObjectId(issue.key, l.caseId) })));
      if (carried.length > 0) await upsertSnapshots(trx, carried);
      return updated;
    });
    const movedIds = new Set(moved.map((l) => l.id));
    result.links = result.links.map((l) => (movedIds.has(l.id) ? moved.find((m) => m.id === l.id)! : l));
    for (const link of moved) {
      audit.push({
        system: 'casebridge',
        objectType: 'link',
        objectId: link.caseId,
        action: 'follow-move',
        before: { issueKey: oldKey },
        after: { issueKey: issue.key },
        correlationId: meta.correlationId,
        jobId: meta.jobId,
        note: `${oldKey} was moved to ${issue.key}; the link follows it`,
      });
    }
    ctx.logger.info({ from: oldKey, to: issue.key, cases: moved.length, correlationId: meta.correlationId }, 'followed a moved issue');
  }
  await appendAudit(ctx.db, audit);
  return result;
}

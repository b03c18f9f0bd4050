/**
 * The Jira safety net for lost webhooks: issues in the watched projects updated since the cursor
 * minus an overlap (JQL has minute precision), de-duplicated by (key, updated).
 */
import { advanceCursor, getCursor } from '../../adapters/store/cursors.js';
import { getSnapshots, upsertSnapshots } from '../../adapters/store/snapshots.js';
import { listKeysMovedFrom } from '../../adapters/store/links.js';
import type { EngineContext } from '../context.js';
import { watchedProjects } from '../read-fields.js';

export const JIRA_CURSOR = 'jira.issues';
/** The `updated` instant last seen per issue, by this poll or by a sync pass that read the issue. */
export const JIRA_SEEN_SNAPSHOT = '$seenUpdated';

export async function pollJira(ctx: EngineContext, enqueue: (issueKeys: string[]) => Promise<void>, options: { initialSince?: Date } = {}): Promise<number> {
  const cursor = await getCursor(ctx.db, JIRA_CURSOR);
  const overlapMs = Math.max(60, ctx.config.jira.pollOverlapSeconds) * 1000;
  const since = cursor ? new Date(Date.parse(cursor) - overlapMs) : (options.initialSince ?? new Date(0));
  let enqueued = 0;
  for await (const page of ctx.issues.listUpdatedIssues(since, watchedProjects(ctx.config))) {
    const seen = await getSnapshots(
      ctx.db,
      'jira',
      page.map((i) => i.key),
    );
    const fresh = page.filter((i) => seen.get(i.key)?.get(JIRA_SEEN_SNAPSHOT)?.value !== i.updated);
    if (fresh.length > 0) {
      // An issue moved to another project shows under its new key; its links still hold the old one.
      const movedFrom = await listKeysMovedFrom(ctx.db, fresh);
      await enqueue([...fresh.map((i) => i.key), ...movedFrom]);
      await upsertSnapshots(
        ctx.db,
        fresh.map((i) => ({ system: 'jira' as const, objectId: i.key, field: JIRA_SEEN_SNAPSHOT, value: i.updated, sourceUpdatedAt: new Date(i.updated), writtenByUs: false })),
      );
      enqueued += fresh.length;
    }
    const newest = page.reduce<string | undefined>((max, i) => (!max || Date.parse(i.updated) > Date.parse(max) ? i.updated : max), undefined);
    if (newest) await advanceCursor(ctx.db, JIRA_CURSOR, new Date(newest).toISOString());
  }
  return enqueued;
}

/**
 * How a sync pass reads the Jira side of its pairs.
 *
 * The issues of pairs already linked when the pass starts are read at the same time as the cases,
 * not after them. On the push path (a Jira change) every pair is linked, so the pass makes one
 * sequential API call less: one API latency off every change's way to the case. Both reads are
 * taken before anything is decided or written, so reading them side by side changes no decision.
 * Issues linked during the pass (created, relinked to a typed key, an old intent resolved) are
 * read afterwards, as before.
 */
import type { IssueRecord } from '../domain/sync/records.js';
import type { Link } from '../adapters/store/links.js';
import type { EngineContext } from './context.js';

export interface IssuePrefetch {
  /** The keys asked for (whether or not the search returned each). */
  keys: ReadonlySet<string>;
  /** Settled, never rejected: if the case read fails first, this read's failure must not go unhandled. */
  settled: Promise<PromiseSettledResult<IssueRecord[]>>;
}

/** Starts reading the issues of the links that are linked now. */
export function prefetchLinkedIssues(ctx: EngineContext, current: readonly Link[]): IssuePrefetch {
  const linked = current.filter((l) => l.state === 'linked' && l.issueKey);
  const keys = new Set(linked.map((l) => l.issueKey!));
  if (keys.size === 0) return { keys, settled: Promise.resolve({ status: 'fulfilled', value: [] }) };
  const settled = ctx.issues.getIssues([...keys], { knownIds: knownIssueIds(linked) }).then(
    (value): PromiseSettledResult<IssueRecord[]> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<IssueRecord[]> => ({ status: 'rejected', reason }),
  );
  return { keys, settled };
}

/**
 * The issues of `linked` (the pass's links after its creates): the prefetched ones, plus a read of
 * the keys the prefetch did not ask for. A key asked for and not returned is not asked again (the
 * search did not see it; the moved-issue check looks it up by key). An issue returned under a key
 * it was not asked by (a moved issue) is kept, as a direct read would have.
 */
export async function readLinkedIssues(ctx: EngineContext, linked: readonly Link[], prefetch: IssuePrefetch): Promise<IssueRecord[]> {
  const first = await prefetch.settled;
  if (first.status === 'rejected') throw first.reason;
  const wanted = new Set(linked.map((l) => l.issueKey!));
  const kept = first.value.filter((issue) => wanted.has(issue.key) || !prefetch.keys.has(issue.key));
  const missing = new Set([...wanted].filter((key) => !prefetch.keys.has(key)));
  if (missing.size === 0) return kept;
  const rest = await ctx.issues.getIssues([...missing], { knownIds: knownIssueIds(linked.filter((l) => missing.has(l.issueKey!))) });
  return [...kept, ...rest];
}

/** Issue ids the links already know, by key (the search can then find an issue by id). */
export function knownIssueIds(linked: readonly Link[]): Map<string, string> {
  return new Map(linked.flatMap((l) => (l.issueKey && l.issueId ? [[l.issueKey, l.issueId] as [string, string]] : [])));
}

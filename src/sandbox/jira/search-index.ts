import type { StoredIssue } from './model.js';
import type { JiraStore } from './store.js';

/**
 * The search index of the emulated site. Jira Cloud's `/search/jql` answers from an eventually consistent
 * index: an issue written a moment ago may be missing from search or show its earlier fields, while
 * `GET /issue/{key}` reads the database. Here every change records a version of the issue (a copy of its
 * searchable state, or a tombstone after a delete) with the time of the change; a search at time `now`
 * sees, per issue, the newest version recorded at or before `now - lag`. `reconcileIssues` ids skip the
 * index and are read from the store, as Jira's read-after-write option does.
 */

/** One indexed state of an issue; `null` once the issue was deleted. */
interface IndexedVersion {
  atMs: number;
  issue: StoredIssue | null;
}

/** Versions recorded before any change (seeded issues) are visible at once. */
const ALWAYS_INDEXED_MS = Number.NEGATIVE_INFINITY;

/**
 * A copy of what search reads and renders. `values` objects are replaced, never mutated, on write, so they
 * are shared; comments are copied because edits change them in place. Properties and remote links are not
 * searchable and stay live.
 */
function snapshotOf(issue: StoredIssue): StoredIssue {
  return { ...issue, comments: issue.comments.map((comment) => ({ ...comment })), histories: [...issue.histories] };
}

export class SearchIndex {
  private versions = new Map<string, IndexedVersion[]>();
  private pending = new Set<string>();

  constructor(
    private readonly store: JiraStore,
    private readonly nowMs: () => number,
    private readonly lagMs: () => number,
  ) {}

  /**
   * Notes that an issue changed. The copy is taken once the current request's synchronous work is done, so
   * one request that changes an issue several times (edit then transition, delete after its events) is
   * indexed as its final state.
   */
  noteChanged(issueId: string): void {
    if (this.pending.has(issueId)) return;
    this.pending.add(issueId);
    queueMicrotask(() => {
      this.pending.delete(issueId);
      this.record(issueId, this.nowMs());
    });
  }

  /** Marks every stored issue as indexed in its current state (after seeding). */
  indexAllNow(): void {
    for (const issue of this.store.issues.values()) this.versions.set(issue.id, [{ atMs: ALWAYS_INDEXED_MS, issue: snapshotOf(issue) }]);
  }

  /** Forgets everything (reset). */
  clear(): void {
    this.versions.clear();
    this.pending.clear();
  }

  /** The issues a search sees now: indexed versions, except the reconciled ids, which are read fresh. */
  searchable(reconcileIds: ReadonlySet<string>): StoredIssue[] {
    const lagMs = this.lagMs();
    if (lagMs <= 0) return [...this.store.issues.values()];
    const horizonMs = this.nowMs() - lagMs;
    const seen: StoredIssue[] = [];
    for (const id of new Set([...this.versions.keys(), ...this.store.issues.keys()])) {
      const issue = reconcileIds.has(id) ? this.store.issues.get(id) : this.indexedAt(id, horizonMs);
      if (issue) seen.push(issue);
    }
    return seen;
  }

  /** Like `searchable`, for these issue ids only (a `key in (...)` search), without a scan. */
  searchableAmong(ids: readonly string[], reconcileIds: ReadonlySet<string>): StoredIssue[] {
    const lagMs = this.lagMs();
    const horizonMs = this.nowMs() - lagMs;
    const seen: StoredIssue[] = [];
    for (const id of new Set(ids)) {
      const issue = lagMs <= 0 || reconcileIds.has(id) ? this.store.issues.get(id) : this.indexedAt(id, horizonMs);
      if (issue) seen.push(issue);
    }
    return seen;
  }

  private indexedAt(id: string, horizonMs: number): StoredIssue | undefined {
    const versions = this.versions.get(id);
    // An issue with no recorded change has been as it is since before the lag began.
    if (!versions) return this.store.issues.get(id);
    let found: IndexedVersion | undefined;
    for (const version of versions) if (version.atMs <= horizonMs) found = version;
    return found?.issue ?? undefined;
  }

  private record(issueId: string, atMs: number): void {
    const current = this.store.issues.get(issueId);
    const versions = this.versions.get(issueId) ?? [];
    versions.push({ atMs, issue: current ? snapshotOf(current) : null });
    // Keep the newest version already past the lag horizon and everything after it.
    const horizonMs = atMs - Math.max(0, this.lagMs());
    let firstKept = 0;
    versions.forEach((version, index) => {
      if (version.atMs <= horizonMs) firstKept = index;
    });
    const kept = versions.slice(firstKept);
    const onlyTombstone = kept.length === 1 && kept[0]?.issue === null && kept[0].atMs <= horizonMs;
    if (onlyTombstone) this.versions.delete(issueId);
    else this.versions.set(issueId, kept);
  }
}

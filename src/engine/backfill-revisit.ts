/**
 * Cases a backfill pass could not settle, kept for another look. A pass defers a case when its
 * create may or may not have happened (a reset or timeout after the request left) or when another
 * worker holds its create intent. The intent stays in both cases, so the backfill must not create
 * again at once: once the lease has run out, the same sync pass claims the intent, searches for
 * the case label and creates only when no issue carries it (create-issues.ts). Before this, a
 * backfill counted such cases as skipped and never came back, leaving them without an issue.
 */

/** Added to the lease before a revisit, so the database's clock has surely passed it too. */
const LEASE_MARGIN_MS = 500;

/** Revisits of one case before the backfill gives up on it (a later run picks its intent up again). */
export const MAX_REVISITS = 5;

export class DeferredCases {
  private readonly dueAtMs = new Map<string, number>();
  private readonly revisits = new Map<string, number>();
  /** Cases given up on after MAX_REVISITS looks. */
  readonly unsettled = new Set<string>();

  constructor(
    private readonly leaseMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes the cases a pass deferred: each is due once the lease its pass started may have run out. */
  defer(caseIds: readonly string[]): void {
    const dueAt = this.now() + this.leaseMs + LEASE_MARGIN_MS;
    for (const caseId of caseIds) {
      if ((this.revisits.get(caseId) ?? 0) >= MAX_REVISITS) this.unsettled.add(caseId);
      else {
        // Deleted first, so the map stays in due order (insertion order) and takeDue can stop early.
        this.dueAtMs.delete(caseId);
        this.dueAtMs.set(caseId, dueAt);
      }
    }
  }

  /** Up to `limit` cases whose lease has run out, taken off the list (a pass that defers them again puts them back). */
  takeDue(limit: number): string[] {
    const now = this.now();
    const due: string[] = [];
    for (const [caseId, dueAt] of this.dueAtMs) {
      if (due.length >= limit || dueAt > now) break;
      due.push(caseId);
      this.dueAtMs.delete(caseId);
      this.revisits.set(caseId, (this.revisits.get(caseId) ?? 0) + 1);
    }
    return due;
  }

  /** Milliseconds until the next case is due (0 when one is due now), or undefined when none waits. */
  msUntilNextDue(): number | undefined {
    for (const dueAt of this.dueAtMs.values()) return Math.max(0, dueAt - this.now());
    return undefined;
  }

  /** Cases waiting for their lease. */
  get waiting(): number {
    return this.dueAtMs.size;
  }
}

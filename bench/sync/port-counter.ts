/**
 * Attributes API calls to the engine's port operations (getCases, listComments, getIssues, …):
 * each port method is wrapped, and the sandbox's counters are read before and after it. Exact
 * when one operation runs at a time (poll + drain); under concurrent workers a call can land on
 * the wrong operation, so the phase totals from the sandbox remain the reference.
 */
import type { CaseSystem, IssueSystem } from '../../src/engine/ports.js';
import type { SyncRig } from './rig.js';

export interface OperationCount {
  /** Times the engine called the port method (or pulled a page from a feed). */
  invocations: number;
  salesforceCalls: number;
  jiraCalls: number;
}

export type OperationCounts = Record<string, OperationCount>;

export interface PortCounter {
  snapshot(): OperationCounts;
}

/** Wraps the rig's ports in place (the engine shares the context object, so it sees the wrappers). */
export function countPortCalls(rig: SyncRig): PortCounter {
  const counts: OperationCounts = {};
  const totals = () => {
    const stats = rig.sandbox.stats.snapshot();
    return { salesforce: stats.salesforce.accepted, jira: stats.jira.accepted };
  };
  const record = (operation: string, before: { salesforce: number; jira: number }) => {
    const after = totals();
    const entry = (counts[operation] ??= { invocations: 0, salesforceCalls: 0, jiraCalls: 0 });
    entry.invocations++;
    entry.salesforceCalls += after.salesforce - before.salesforce;
    entry.jiraCalls += after.jira - before.jira;
  };
  const wrap = <T extends object>(system: string, port: T): T => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(port)) {
      if (typeof value !== 'function') {
        wrapped[name] = value;
        continue;
      }
      const fn = value as (...args: unknown[]) => unknown;
      const operation = `${system}.${name}`;
      if (name === 'listChangedCases' || name === 'listUpdatedIssues') {
        wrapped[name] = (...args: unknown[]) => wrapPages(operation, fn(...args) as AsyncIterable<unknown>);
      } else if (name === 'browseUrl') {
        wrapped[name] = fn;
      } else {
        wrapped[name] = async (...args: unknown[]) => {
          const before = totals();
          try {
            return await fn(...args);
          } finally {
            record(operation, before);
          }
        };
      }
    }
    return wrapped as T;
  };
  async function* wrapPages(operation: string, pages: AsyncIterable<unknown>): AsyncGenerator<unknown> {
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const before = totals();
      const next = await iterator.next();
      record(operation, before);
      if (next.done) return;
      yield next.value;
    }
  }
  rig.context.cases = wrap<CaseSystem>('salesforce', rig.context.cases);
  rig.context.issues = wrap<IssueSystem>('jira', rig.context.issues);
  return { snapshot: () => structuredClone(counts) };
}

/** Counts made between two snapshots, operations that made no API call left out. */
export function subtractOperationCounts(later: OperationCounts, earlier: OperationCounts): OperationCounts {
  const out: OperationCounts = {};
  for (const [operation, count] of Object.entries(later)) {
    const before = earlier[operation] ?? { invocations: 0, salesforceCalls: 0, jiraCalls: 0 };
    const diff = { invocations: count.invocations - before.invocations, salesforceCalls: count.salesforceCalls - before.salesforceCalls, jiraCalls: count.jiraCalls - before.jiraCalls };
    if (diff.salesforceCalls + diff.jiraCalls > 0) out[operation] = diff;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1].salesforceCalls + b[1].jiraCalls - (a[1].salesforceCalls + a[1].jiraCalls)));
}

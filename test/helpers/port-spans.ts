/**
 * When the engine's calls to its ports start and end: tests of what runs side by side, or one after
 * another, wrap a port method and read the spans it recorded.
 */
import type { Knex } from 'knex';

export interface CallSpan {
  /** What the test named the call. */
  call: string;
  /** How many records the call carried (ids, keys, updates or comments). */
  records: number;
  /** The case ids, when the call carried ids. */
  ids: string[];
  startMs: number;
  endMs: number;
}

/**
 * Replaces `target[method]` by a wrapper that records a span per call into `spans`, under `call`.
 * The first argument is taken as the call's records (an array).
 */
export function recordSpans<T extends object, K extends keyof T>(spans: CallSpan[], call: string, target: T, method: K): void {
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  const wrapped = async (...args: unknown[]) => {
    const startMs = performance.now();
    const records = Array.isArray(args[0]) ? (args[0] as unknown[]) : [];
    try {
      return await original(...args);
    } finally {
      spans.push({ call, records: records.length, ids: records.filter((r): r is string => typeof r === 'string'), startMs, endMs: performance.now() });
    }
  };
  target[method] = wrapped as T[K];
}

/** Waits until every case in `caseIds` has a linked issue (or `timeoutMs` passes); the count linked. */
export async function waitForLinkedCases(db: Knex, caseIds: readonly string[], timeoutMs = 30_000): Promise<number> {
  const linked = async () => Number(((await db('links').whereIn('case_id', caseIds).andWhere({ state: 'linked' }).count({ n: '*' })) as Array<{ n: string | number }>)[0]?.n ?? 0);
  const deadline = Date.now() + timeoutMs;
  let count = await linked();
  while (count < caseIds.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await linked();
  }
  return count;
}

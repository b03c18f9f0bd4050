/**
 * Requests that each target a different record and cannot be batched (Jira has no bulk edit with a
 * value per issue) are sent a few at a time instead of one after another: at 200 ms per call, 50 issue
 * edits in a row hold a batch for 10 s, four at a time for 2.6 s. The bound keeps one pass from
 * bursting on one endpoint (Jira's burst limit is per endpoint and method); a 429 is still answered
 * per request by the adapter's retry.
 */

/** Issue edits of one pass in flight at once (the SLA fields written onto issues). */
export const ISSUE_WRITE_CONCURRENCY = 4;

/** `work` over every item, at most `limit` at once; results in the items' order. After a throw no further item is started; it rejects once those in flight settle. */
export async function mapAtMost<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`mapAtMost needs a limit >= 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failedOnce = false;
  const lane = async () => {
    while (next < items.length && !failedOnce) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failedOnce = true;
        throw error;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(limit, items.length) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}

/**
 * What a failed write request means for the records it carried, once its own retries are spent.
 * Shared by the Salesforce and Jira adapters so both sides report the same three dispositions.
 */
import type { WriteError } from '../domain/sync/records.js';
import { isRateLimitError } from '../errors.js';
import type { ApiError } from '../errors.js';
import { sendOnce, type RequestRetry } from '../engine/retry.js';

/** Sends one HTTP request through the request retry, its failures mapped to `ApiError`s first. */
export type RequestSender = <T>(operation: string, run: () => PromiseLike<T>, idempotent: boolean) => Promise<T>;

/** The adapters' one way to send: each request alone through `retry` (none when absent). */
export function createRequestSender(retry: RequestRetry | undefined, toApiError: (error: unknown) => ApiError): RequestSender {
  const send = retry ?? sendOnce;
  return (operation, run, idempotent) =>
    send(
      operation,
      async () => {
        try {
          return await run();
        } catch (error) {
          throw toApiError(error);
        }
      },
      { idempotent },
    );
}

/**
 * A rate limit still exhausted: nothing was written, keep the records for later. A transient
 * failure of a write that is not idempotent (reset, timeout, 5xx): it may have been applied, so
 * the outcome is unknown. Anything else is not about these records (bad credentials, a refused
 * request shape): `undefined`, and the caller throws the error.
 */
export function toWriteFailure(error: ApiError, request: { idempotent: boolean }): WriteError | undefined {
  if (isRateLimitError(error as unknown)) {
    return { code: error.code, message: error.message, disposition: 'refusedForNow', ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  if (error.transient && !request.idempotent) return { code: error.code, message: error.message, disposition: 'unknown' };
  return undefined;
}

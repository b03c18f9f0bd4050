/**
 * What a failed write request means for the records it carried, once its own retries are spent.
 * Shared by the Salesforce and Jira adapters so both sides report the same three dispositions.
 */
import type { WriteError } from '../domain/sync/records.js';
import { isRateLimitError } from '../errors.js';
import type { ApiError } from '../errors.js';

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

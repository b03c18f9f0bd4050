/**
 * Salesforce failures of whole calls → `ApiError`. jsforce hands us `HttpApiError`s carrying the
 * REST `errorCode` (the HTTP status itself is not kept, so it is derived from the code), node-fetch
 * `FetchError`s for connections that never answered, and plain errors from the OAuth token endpoint.
 */
import { ApiError, CasebridgeError } from '../../errors.js';

interface CodeClass {
  status: number;
  transient: boolean;
}

/** REST error codes that classify a whole call (Salesforce REST API "Status Codes and Error Responses"). */
const CODES: Record<string, CodeClass> = {
  // The org's rolling 24-hour API allowance is spent: wait for the window, keep the work.
  REQUEST_LIMIT_EXCEEDED: { status: 403, transient: true },
  SERVER_UNAVAILABLE: { status: 503, transient: true },
  UNABLE_TO_LOCK_ROW: { status: 409, transient: true },
  QUERY_TIMEOUT: { status: 400, transient: true },
  REQUEST_RUNNING_TOO_LONG: { status: 400, transient: true },
  // A query cursor expired between pages: running the query again succeeds.
  INVALID_QUERY_LOCATOR: { status: 400, transient: true },
  INVALID_SESSION_ID: { status: 401, transient: false },
  INSUFFICIENT_ACCESS: { status: 403, transient: false },
  INSUFFICIENT_ACCESS_OR_READONLY: { status: 403, transient: false },
  API_CURRENTLY_DISABLED: { status: 403, transient: false },
  API_DISABLED_FOR_ORG: { status: 403, transient: false },
  NOT_FOUND: { status: 404, transient: false },
  METHOD_NOT_ALLOWED: { status: 405, transient: false },
  MALFORMED_QUERY: { status: 400, transient: false },
  INVALID_FIELD: { status: 400, transient: false },
  INVALID_TYPE: { status: 400, transient: false },
  MALFORMED_ID: { status: 400, transient: false },
  INVALID_QUERY_FILTER_OPERATOR: { status: 400, transient: false },
  JSON_PARSER_ERROR: { status: 400, transient: false },
  EXCEEDED_ID_LIMIT: { status: 400, transient: false },
};

/** node-fetch / Node socket codes meaning the request got no (complete) answer. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

function classifyHttpStatus(status: number): boolean {
  return status === 408 || status === 420 || status === 429 || status >= 500;
}

/** The `errorCode` of a jsforce error, looking into `data` when several errors came back. */
function readErrorCode(error: Record<string, unknown>): string | undefined {
  const data = error.data;
  if (error.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(data)) {
    const first = data[0] as { errorCode?: unknown } | undefined;
    if (typeof first?.errorCode === 'string') return first.errorCode;
  }
  return typeof error.errorCode === 'string' ? error.errorCode : undefined;
}

/** The HTTP status and Retry-After that `connectSalesforce` adds to error entries (see connect.ts). */
function readAnnotation(error: Record<string, unknown>): { status?: number; retryAfterMs?: number } {
  const data = Array.isArray(error.data) ? error.data[0] : error.data;
  if (typeof data !== 'object' || data === null) return {};
  const { httpStatus, retryAfter } = data as { httpStatus?: unknown; retryAfter?: unknown };
  const seconds = typeof retryAfter === 'string' && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  return {
    ...(typeof httpStatus === 'number' ? { status: httpStatus } : {}),
    ...(seconds !== undefined ? { retryAfterMs: seconds * 1000 } : {}),
  };
}

/** Maps any failure of a Salesforce call to an `ApiError` (an `ApiError` is returned unchanged). */
export function fromSalesforceError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const system = 'salesforce' as const;
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = error instanceof Error ? error.message : String(error);

  // node-fetch reports refused, reset and hung-up connections as FetchError with a socket code.
  const socketCode = typeof record.code === 'string' ? record.code : undefined;
  if (record.name === 'FetchError' || (socketCode && NETWORK_CODES.has(socketCode)) || /socket hang up/i.test(message)) {
    return new ApiError({ system, code: socketCode ?? 'NETWORK_ERROR', message: `Salesforce did not answer: ${message}`, status: 0, transient: true, cause: error });
  }
  if (record.name === 'AbortError') {
    return new ApiError({ system, code: 'TIMEOUT', message: `Salesforce call timed out: ${message}`, status: 0, transient: true, cause: error });
  }

  const code = readErrorCode(record);
  const annotation = readAnnotation(record);
  if (code) {
    const httpMatch = /^ERROR_HTTP_(\d{3})$/.exec(code);
    if (httpMatch) {
      const status = Number(httpMatch[1]);
      return new ApiError({ system, code, message: `Salesforce answered HTTP ${status}: ${message.slice(0, 300)}`, status, transient: classifyHttpStatus(status), cause: error });
    }
    const known = CODES[code];
    const status = annotation.status ?? known?.status ?? 400;
    return new ApiError({
      system,
      code,
      message: `Salesforce ${code}: ${message}`,
      status,
      // A known code decides; an unknown one is as transient as its HTTP status.
      transient: known?.transient ?? classifyHttpStatus(status),
      ...(annotation.retryAfterMs !== undefined ? { retryAfterMs: annotation.retryAfterMs } : {}),
      cause: error,
    });
  }

  // The OAuth token endpoint: jsforce names the error after the OAuth `error` field.
  if (error instanceof Error && /^(invalid_|unsupported_|inactive_|unauthorized_)/.test(error.name)) {
    return new ApiError({ system, code: `OAUTH_${error.name.toUpperCase()}`, message: `Salesforce refused the token request: ${message}`, status: 400, transient: false, cause: error });
  }
  if (error instanceof CasebridgeError) {
    return new ApiError({ system, code: error.code, message, status: 0, transient: false, cause: error });
  }
  return new ApiError({ system, code: 'UNEXPECTED', message: `Salesforce call failed: ${message}`, status: 0, transient: false, cause: error });
}

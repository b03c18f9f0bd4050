/**
 * Jira failures of whole calls → `ApiError`. jira.js 5 throws an `HttpException` (with `status`,
 * the body under `response.data` and the axios error as `cause`) when Jira answered, and the raw
 * `AxiosError` when it did not (reset, refused, timed out). jira.js never retries; we classify and
 * the engine retries, honouring `Retry-After`.
 */
import { ApiError } from '../../errors.js';

/** Per-status codes for the error; 5xx get `HTTP_5xx`. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

/** Reads `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfterMs(value: unknown, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === 'number') return Math.max(0, text * 1000);
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/**
 * Jira Cloud sometimes answers a 429 without `Retry-After` but with `X-RateLimit-Reset`, the instant
 * (ISO 8601, often to the minute: `2026-12-02T03:40Z`) at which the window refills. An instant
 * already past asks for no wait (the backoff still applies).
 */
export function parseRateLimitResetMs(value: unknown, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const resetMs = Date.parse(text.trim());
  return Number.isNaN(resetMs) ? undefined : Math.max(0, resetMs - nowMs);
}

/** Jira's error body: `{ errorMessages: [], errors: { field: message } }`. */
export function readJiraErrorBody(body: unknown): { messages: string[]; fields: Record<string, string> } {
  const object = asObject(body);
  const messages = Array.isArray(object?.errorMessages) ? object.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(asObject(object?.errors) ?? {})) fields[field] = String(message);
  return { messages, fields };
}

export function describeJiraErrorBody(body: unknown): string {
  const { messages, fields } = readJiraErrorBody(body);
  return [...messages, ...Object.entries(fields).map(([field, message]) => `${field}: ${message}`)].join('; ');
}

/** Status, body and headers when Jira answered (jira.js `HttpException` or an axios error with a response). */
function readResponse(error: Loose): { status: number; data: unknown; headers: Loose } | undefined {
  const cause = asObject(error.cause);
  const axiosResponse = asObject(cause?.response) ?? (error.isAxiosError === true ? asObject(error.response) : undefined);
  if (axiosResponse && typeof axiosResponse.status === 'number') {
    return { status: axiosResponse.status, data: axiosResponse.data, headers: asObject(axiosResponse.headers) ?? {} };
  }
  // An HttpException built from a plain response object (no axios cause) carries the status there.
  const response = asObject(error.response);
  if (error.isAxiosError !== true && typeof response?.status === 'number' && !(error.response instanceof Error)) {
    return { status: response.status, data: response.data ?? response, headers: asObject(response.headers) ?? {} };
  }
  return undefined;
}

/** The body Jira answered with, when it answered (for per-record failures read from a thrown error). */
export function readJiraResponseBody(error: unknown): unknown {
  const object = asObject(error);
  return object ? readResponse(object)?.data : undefined;
}

function readHeader(headers: Loose, name: string): unknown {
  // axios gives an AxiosHeaders instance (with get()) or a plain object with lower-case names.
  const get = headers.get;
  if (typeof get === 'function') return (get as (n: string) => unknown).call(headers, name);
  return headers[name] ?? headers[name.toLowerCase()];
}

/** Maps any failure of a Jira call to an `ApiError` (an `ApiError` is returned unchanged). */
export function fromJiraError(error: unknown, nowMs = Date.now()): ApiError {
  if (error instanceof ApiError) return error;
  const system = 'jira' as const;
  const object = asObject(error) ?? {};
  const message = error instanceof Error ? error.message : String(error);
  const response = readResponse(object);
  if (response) {
    const { status } = response;
    const detail = describeJiraErrorBody(response.data) || message;
    const retryAfterMs = parseRetryAfterMs(readHeader(response.headers, 'retry-after'), nowMs) ?? parseRateLimitResetMs(readHeader(response.headers, 'x-ratelimit-reset'), nowMs);
    return new ApiError({
      system,
      code: STATUS_CODES[status] ?? `HTTP_${status}`,
      message: `Jira answered HTTP ${status}: ${detail.slice(0, 500)}`,
      status,
      transient: status === 408 || status === 429 || status >= 500,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      cause: error,
    });
  }
  // No answer: axios network errors (ECONNRESET, ECONNREFUSED, ECONNABORTED for timeouts, ERR_NETWORK…).
  const code = typeof object.code === 'string' ? object.code : undefined;
  if (object.isAxiosError === true || (code && /^E[A-Z_]+$/.test(code)) || /socket hang up/i.test(message)) {
    return new ApiError({ system, code: code ?? 'NETWORK_ERROR', message: `Jira did not answer: ${message}`, status: 0, transient: true, cause: error });
  }
  return new ApiError({ system, code: 'UNEXPECTED', message: `Jira call failed: ${message}`, status: 0, transient: false, cause: error });
}

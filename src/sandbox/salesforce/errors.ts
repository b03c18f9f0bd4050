/**
 * Error bodies in the shapes the Salesforce REST API documents: top-level calls answer
 * `[{ message, errorCode, fields? }]`; per-record results inside collections use
 * `{ statusCode, message, fields }`.
 */

/** One error as a top-level REST error body entry. */
export interface SfApiError {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A failed request: the HTTP status and the error entries to answer with. */
export class SfRequestError extends Error {
  override name = 'SfRequestError';
  constructor(
    readonly status: number,
    readonly errors: SfApiError[],
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
  }
}

/** Shorthand for a single-error SfRequestError. */
export function sfError(status: number, errorCode: string, message: string, fields?: string[]): SfRequestError {
  return new SfRequestError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

/** The 401 Salesforce answers for a missing, unknown or expired session. */
export const INVALID_SESSION_BODY: SfApiError[] = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

/** The 403 Salesforce answers when the org's daily API request limit is spent. */
export const REQUEST_LIMIT_BODY: SfApiError[] = [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];

/** A per-record save result, as in sObject Collections answers. */
export interface SfSaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

/** Converts a request error into per-record result errors. */
export function toSaveErrors(error: SfRequestError): SfSaveResult['errors'] {
  return error.errors.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }));
}

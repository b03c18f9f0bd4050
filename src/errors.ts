/**
 * Typed errors with a stable `code`. Expected outcomes (not found, invalid transition, duplicate)
 * are returned as values elsewhere; these are for bugs, bad input and infrastructure faults.
 */
export class CasebridgeError extends Error {
  override name = 'CasebridgeError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Input a user gave us (a file, a flag, a request body) is wrong; the message names what. */
export class InvalidInputError extends CasebridgeError {
  override name = 'InvalidInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}

export type ExternalSystem = 'salesforce' | 'jira' | 'slack' | 'email';

/**
 * A call to an external API failed as a whole (not one record of a batch). `transient` errors
 * are retried with backoff (honouring `retryAfterMs`); the others go to dead letters.
 */
export class ApiError extends CasebridgeError {
  override name = 'ApiError';
  readonly system: ExternalSystem;
  /** HTTP status, or 0 when no response arrived (reset connection, timeout). */
  readonly status: number;
  /** How long the server asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
  readonly transient: boolean;

  constructor(options: { system: ExternalSystem; code: string; message: string; status: number; transient: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(options.code, options.message, { cause: options.cause });
    this.system = options.system;
    this.status = options.status;
    this.transient = options.transient;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Jira 429 or Salesforce REQUEST_LIMIT_EXCEEDED: wait, keep the work. */
export function isRateLimitError(error: unknown): error is ApiError {
  return isApiError(error) && (error.status === 429 || error.code === 'REQUEST_LIMIT_EXCEEDED');
}

export function isTransientError(error: unknown): boolean {
  return isApiError(error) && error.transient;
}

/**
 * A system refused a whole request because of casebridge's configuration (a field the org lacks,
 * a value of the wrong JSON type): no retry helps until the configuration changes. Reported once,
 * as a configuration problem naming the field, not as a failure of every record in the request.
 */
export class ConfigurationProblemError extends CasebridgeError {
  override name = 'ConfigurationProblemError';
  readonly system: ExternalSystem;
  /** The fields the system named, when it did. */
  readonly fields: string[];

  constructor(options: { system: ExternalSystem; code: string; message: string; fields: string[]; cause?: unknown }) {
    super(options.code, options.message, { cause: options.cause });
    this.system = options.system;
    this.fields = options.fields;
  }
}

export function isConfigurationProblem(error: unknown): error is ConfigurationProblemError {
  return error instanceof ConfigurationProblemError;
}

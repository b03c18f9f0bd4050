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

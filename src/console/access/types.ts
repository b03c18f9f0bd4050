/**
 * The contract between the console's pages and its access layer (sign-in, roles, CSRF), so pages
 * can be written and tested before, and independently of, how a person signs in.
 */
import type { RequestHandler, Router } from 'express';

export type ConsoleRole = 'viewer' | 'operator';

/** The signed-in person as pages show them: a display name, never a token or a subject id alone. */
export interface ConsoleViewer {
  name: string;
  role: ConsoleRole;
}

/**
 * What every console response has in `res.locals` once the access layer ran:
 * - `viewer`: the signed-in person (in sandbox mode, an open "sandbox operator");
 * - `csrfToken`: to put in every form (`<input type="hidden" name="_csrf">`) or fetch header `X-CSRF-Token`;
 * - `sandbox`: true in sandbox mode (the layout shows the banner).
 */
export interface ConsoleLocals {
  viewer: ConsoleViewer;
  csrfToken: string;
  sandbox: boolean;
}

export interface ConsoleAccess {
  /** Sign-in, sign-out and OIDC callback routes; mounted before the pages. */
  router: Router;
  /** Signed-out visitors of a page are sent to sign in (HTML) or get 401 (JSON/SSE). */
  requireViewer: RequestHandler;
  /** For every state-changing POST: checks the CSRF token, then 403 unless the viewer is an operator. */
  requireOperator: RequestHandler;
}

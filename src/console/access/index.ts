/**
 * The console's access layer: security headers, server-side sessions, sign-in (OpenID Connect or
 * token), CSRF and roles.
 *
 * How pages use it (A and B — please keep to this):
 *   const access = createConsoleAccess({ mode: config.mode, logger });   // or openConsoleAccess(config, db, logger)
 *   app.use(access.router);                          // helmet, /signin, /signout, /signin/callback
 *   app.get('/', access.requireViewer, board);        // res.locals: { viewer, csrfToken, sandbox }
 *   app.post('/dead-letters/:id/retry', access.requireOperator, retry);
 *
 * - NO INLINE JAVASCRIPT: the Content-Security-Policy allows scripts from 'self' only (serve them under
 *   /assets). No <script>…</script> bodies, no onclick="…" attributes: attach listeners from a file.
 *   Inline `style="…"` attributes are allowed (style-src 'unsafe-inline'), <style> blocks too.
 * - Every form that POSTs carries `<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">`;
 *   fetch() sends header `X-CSRF-Token`. requireOperator parses urlencoded bodies itself if needed.
 * - requireViewer and requireOperator each load the session themselves, so they work on any router.
 * - Signed out: a page (GET with Accept: text/html) is redirected to /signin?next=<page>; JSON and
 *   SSE get 401. A viewer's POST gets 403.
 */
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { ConsoleSecrets } from '../../config/env.js';
import { DEFAULT_CONSOLE_CONFIG } from '../../config/schemas/console.js';
import type { ConsoleConfig } from '../../config/schemas/console.js';
import type { Logger } from '../../logging.js';
import { isSameSecret, sentCsrfToken } from './csrf.js';
import { createMemorySignInStore, createOidcSignIn } from './oidc-sign-in.js';
import type { PendingSignInStore } from './oidc-sign-in.js';
import { refuse, refuseSignedOut } from './refusals.js';
import { securityHeaders } from './security-headers.js';
import { createSessionCookies } from './session-cookie.js';
import { createMemorySessionStore } from './session-store.js';
import type { ConsoleSession, ConsoleSessionStore } from './session-store.js';
import { createSignInRoutes } from './sign-in-routes.js';
import type { ConsoleAccess, ConsoleLocals, ConsoleViewer } from './types.js';

export type { ConsoleAccess, ConsoleLocals, ConsoleRole, ConsoleViewer } from './types.js';
export { SESSION_COOKIE } from './session-cookie.js';
export { safeReturnTo } from './refusals.js';

export const SANDBOX_VIEWER: ConsoleViewer = { name: 'Sandbox operator', role: 'operator' };

export interface ConsoleAccessOptions {
  /** `sandbox`: open, everyone is the sandbox operator (the server binds 127.0.0.1 there). */
  mode: 'sandbox' | 'production';
  logger: Logger;
  /** console.yaml (sign-in, roles, session length, trust proxy); its defaults when absent. */
  settings?: ConsoleConfig;
  /** Tokens and the OIDC client secret, from the environment. */
  secrets?: ConsoleSecrets;
  /** Where sessions and sign-ins under way live; in memory when absent (sandbox, tests). */
  sessions?: ConsoleSessionStore;
  signIns?: PendingSignInStore;
  /** The clock (tests move it to expire sessions). */
  now?: () => Date;
}

const parseForm = express.urlencoded({ extended: false, limit: '64kb' });
const CSRF_MESSAGE = 'missing or wrong CSRF token: reload the page and try again';

export function createConsoleAccess(options: ConsoleAccessOptions): ConsoleAccess {
  const settings = options.settings ?? DEFAULT_CONSOLE_CONFIG;
  const secrets = options.secrets ?? {};
  const now = options.now ?? (() => new Date());
  const sandbox = options.mode === 'sandbox';
  const cookies = createSessionCookies({ sessions: options.sessions ?? createMemorySessionStore(), ttlMs: settings.sessionHours * 3_600_000, now, trustProxy: settings.trustProxy });
  const oidcSettings = sandbox ? undefined : settings.signIn.oidc;
  const oidc = oidcSettings
    ? { signIn: createOidcSignIn(oidcSettings, secrets.oidcClientSecret, options.signIns ?? createMemorySignInStore(), now), providerHost: new URL(oidcSettings.issuer).host }
    : undefined;

  /** The request's session (loaded once per request), or, in sandbox mode, a new sandbox session. */
  async function sessionOf(req: Request, res: Response): Promise<ConsoleSession | undefined> {
    if (res.locals.consoleSession !== undefined) return res.locals.consoleSession as ConsoleSession;
    let session = await cookies.find(req);
    if (!session && sandbox) session = await cookies.start(req, res, SANDBOX_VIEWER, 'sandbox');
    if (session) {
      res.locals.consoleSession = session;
      const locals: ConsoleLocals = { viewer: session.viewer, csrfToken: session.csrfToken, sandbox };
      Object.assign(res.locals, locals);
    }
    return session;
  }

  const requireViewer: RequestHandler = (req, res, next) => {
    sessionOf(req, res).then((session) => (session ? next() : refuseSignedOut(req, res)), next);
  };

  const requireOperator: RequestHandler = (req, res, next) => {
    parseForm(req, res, (parseError?: unknown) => {
      if (parseError) return next(parseError);
      sessionOf(req, res).then((session) => {
        if (!session) return refuseSignedOut(req, res);
        if (!isSameSecret(sentCsrfToken(req), session.csrfToken)) return refuse(req, res, 403, 'CSRF_TOKEN', CSRF_MESSAGE);
        if (session.viewer.role !== 'operator') return refuse(req, res, 403, 'FORBIDDEN', `this needs the operator role; ${session.viewer.name} is a viewer`);
        next();
      }, next);
    });
  };

  const router = express.Router();
  router.use(securityHeaders(cookies.isHttps));
  router.use(createSignInRoutes({ cookies, logger: options.logger, roles: settings.roles, secrets, sandbox, ...(oidc ? { oidc } : {}) }, parseForm));
  return { router, requireViewer, requireOperator };
}

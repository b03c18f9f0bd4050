/**
 * The console's access layer: security headers, server-side sessions, CSRF and roles.
 *
 * How pages use it (A and B — please keep to this):
 *   const access = createConsoleAccess({ mode: config.mode, logger });
 *   app.use(access.router);                          // helmet, /signin, /signout, OIDC callback
 *   app.get('/', access.requireViewer, board);        // res.locals: { viewer, csrfToken, sandbox }
 *   app.post('/dead-letters/:id/retry', access.requireOperator, retry);
 *
 * - NO INLINE JAVASCRIPT: the Content-Security-Policy allows scripts from 'self' only (serve them under
 *   /assets). No <script>…</script> bodies, no onclick="…" attributes: attach listeners from a file.
 *   Inline `style="…"` attributes are allowed (style-src 'unsafe-inline'), <style> blocks too.
 * - Every form that POSTs carries `<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">`;
 *   fetch() sends header `X-CSRF-Token`. requireOperator parses urlencoded bodies itself if needed.
 * - requireViewer and requireOperator each load the session themselves, so they work on any router.
 */
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from '../../logging.js';
import { readCookie } from './cookies.js';
import { isSameSecret, sentCsrfToken } from './csrf.js';
import { createMemorySessionStore, hashSessionId, newCsrfToken, newSessionId } from './session-store.js';
import type { ConsoleSession, ConsoleSessionStore } from './session-store.js';
import type { ConsoleAccess, ConsoleLocals, ConsoleViewer } from './types.js';

export type { ConsoleAccess, ConsoleLocals, ConsoleRole, ConsoleViewer } from './types.js';

export const SESSION_COOKIE = 'casebridge_session';
export const SANDBOX_VIEWER: ConsoleViewer = { name: 'Sandbox operator', role: 'operator' };

export interface ConsoleAccessOptions {
  /** `sandbox`: open, everyone is the sandbox operator (the server binds 127.0.0.1 there). */
  mode: 'sandbox' | 'production';
  logger: Logger;
  /** Where sessions live; in memory when absent (sandbox, tests). */
  sessions?: ConsoleSessionStore;
  /** How long a session lasts from sign-in (default 12 h). */
  sessionTtlMs?: number;
  /** The clock (tests move it to expire sessions). */
  now?: () => Date;
}

const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const parseForm = express.urlencoded({ extended: false, limit: '64kb' });

export function createConsoleAccess(options: ConsoleAccessOptions): ConsoleAccess {
  const sessions = options.sessions ?? createMemorySessionStore();
  const now = options.now ?? (() => new Date());
  const ttlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const sandbox = options.mode === 'sandbox';

  async function startSession(res: Response, req: Request, viewer: ConsoleViewer): Promise<ConsoleSession> {
    const id = newSessionId();
    const session: ConsoleSession = { viewer, csrfToken: newCsrfToken(), expiresAt: new Date(now().getTime() + ttlMs) };
    await sessions.save(hashSessionId(id), session);
    res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: ttlMs });
    return session;
  }

  /** The request's session (loaded once per request), or, in sandbox mode, a new sandbox session. */
  async function sessionOf(req: Request, res: Response): Promise<ConsoleSession | undefined> {
    if (res.locals.consoleSession !== undefined) return res.locals.consoleSession as ConsoleSession;
    const id = readCookie(req, SESSION_COOKIE);
    let session = id ? await sessions.find(hashSessionId(id), now()) : undefined;
    if (!session && sandbox) session = await startSession(res, req, SANDBOX_VIEWER);
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
        if (!isSameSecret(sentCsrfToken(req), session.csrfToken)) return refuse(req, res, 403, 'CSRF_TOKEN', 'missing or wrong CSRF token: reload the page and try again');
        if (session.viewer.role !== 'operator') return refuse(req, res, 403, 'FORBIDDEN', 'this needs the operator role; you are signed in as a viewer');
        next();
      }, next);
    });
  };

  const router = express.Router();
  router.use(securityHeaders());
  router.get('/signin', (req, res) => {
    // Until production sign-in lands (step 2), the sandbox goes straight to the page asked for.
    res.redirect(302, safeReturnTo(req.query.next));
  });
  router.post('/signout', parseForm, (req, res, next) => {
    signOut(req, res).catch(next);
  });

  async function signOut(req: Request, res: Response): Promise<void> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(hashSessionId(id), now()) : undefined;
    if (!id || !session) return void res.redirect(303, '/signin');
    if (!isSameSecret(sentCsrfToken(req), session.csrfToken)) return refuse(req, res, 403, 'CSRF_TOKEN', 'missing or wrong CSRF token: reload the page and try again');
    await sessions.delete(hashSessionId(id));
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    res.redirect(303, '/signin');
  }

  return { router, requireViewer, requireOperator };
}

/** helmet's defaults with a CSP for server-rendered pages whose scripts all come from /assets. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
}

/** A page wants HTML (browser navigation); fetch(), EventSource and API clients get a 401 instead. */
function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && (req.get('accept') ?? '').includes('text/html');
}

function refuseSignedOut(req: Request, res: Response): void {
  if (wantsHtml(req)) return void res.redirect(302, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
  refuse(req, res, 401, 'SIGN_IN_REQUIRED', 'sign in to the console first');
}

function refuse(req: Request, res: Response, status: number, code: string, message: string): void {
  if (wantsHtml(req) || req.is('application/x-www-form-urlencoded')) return void res.status(status).type('text/plain').send(`${status}: ${message}`);
  res.status(status).json({ error: { code, message } });
}

/** Only paths on this site: `/board?x=1` yes; `//evil.example`, `https://…`, `/\evil` no. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/**
 * /signin (the form or the provider button), POST /signin (token), /signin/oidc (off to the
 * provider), /signin/callback (back from it) and POST /signout. Before a session exists, the sign-in
 * form is protected by a double-submit token in its own cookie, and the OIDC `state` is bound to
 * the browser by a cookie, so nobody can sign a victim in to the attacker's session.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { CookieOptions, Request, Response, Router } from 'express';
import type { ConsoleSecrets } from '../../config/env.js';
import type { ConsoleRolesConfig } from '../../config/schemas/console.js';
import type { Logger } from '../../logging.js';
import { readCookie } from './cookies.js';
import { isSameSecret, sentCsrfToken } from './csrf.js';
import type { OidcSignIn } from './oidc-sign-in.js';
import { renderAccessPage } from './pages.js';
import { refuse, safeReturnTo } from './refusals.js';
import { roleFor } from './roles.js';
import type { SessionCookies } from './session-cookie.js';
import { viewerForToken } from './token-sign-in.js';

const FORM_COOKIE = 'casebridge_signin_csrf';
const STATE_COOKIE = 'casebridge_oidc_state';
const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

export interface SignInRoutesOptions {
  cookies: SessionCookies;
  logger: Logger;
  roles: ConsoleRolesConfig;
  secrets: ConsoleSecrets;
  /** Present when console.yaml configures a provider: then tokens do not sign in. */
  oidc?: { signIn: OidcSignIn; providerHost: string };
  sandbox: boolean;
}

export function createSignInRoutes(options: SignInRoutesOptions, parseForm: express.RequestHandler): Router {
  const { cookies, logger, oidc } = options;
  const router = express.Router();
  const pendingCookie = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: cookies.isHttps(req), path: '/signin', maxAge: PENDING_MAX_AGE_MS });

  function showSignIn(req: Request, res: Response, next: string, status = 200, message?: string): void {
    if (oidc) return renderAccessPage(res, status, { state: 'oidc', providerHost: oidc.providerHost, next, ...(message ? { message } : {}) });
    const formToken = randomBytes(32).toString('base64url');
    res.cookie(FORM_COOKIE, formToken, pendingCookie(req));
    renderAccessPage(res, status, { state: 'token', csrfToken: formToken, next, ...(message ? { message } : {}) });
  }

  router.get('/signin', (req, res, next) => {
    const returnTo = safeReturnTo(req.query.next);
    if (options.sandbox) return void res.redirect(302, returnTo);
    cookies.find(req).then((session) => (session ? res.redirect(302, returnTo) : showSignIn(req, res, returnTo)), next);
  });

  router.post('/signin', parseForm, (req, res, next) => {
    const returnTo = safeReturnTo((req.body as { next?: unknown } | undefined)?.next);
    if (oidc || options.sandbox) return void res.redirect(303, '/signin');
    if (!isSameSecret(sentCsrfToken(req), readCookie(req, FORM_COOKIE) ?? '\0')) return showSignIn(req, res, returnTo, 403, 'The sign-in form expired: try again.');
    const sent = (req.body as { token?: unknown } | undefined)?.token;
    const viewer = typeof sent === 'string' ? viewerForToken(sent, options.secrets) : undefined;
    if (!viewer) {
      logger.warn({ ip: req.ip }, 'console sign-in with a wrong token');
      return showSignIn(req, res, returnTo, 401, 'That token is not valid.');
    }
    res.clearCookie(FORM_COOKIE, { path: '/signin' });
    cookies.start(req, res, viewer, `token:${viewer.role}`).then(() => {
      logger.info({ role: viewer.role }, 'console sign-in with a token');
      res.redirect(303, returnTo);
    }, next);
  });

  router.get('/signin/oidc', (req, res) => {
    if (!oidc) return void res.redirect(302, '/signin');
    const returnTo = safeReturnTo(req.query.next);
    oidc.signIn.start(returnTo).then(
      ({ authorizationUrl, state }) => {
        res.cookie(STATE_COOKIE, state, pendingCookie(req));
        res.redirect(302, authorizationUrl.href);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'console sign-in: the OpenID Connect provider cannot be reached');
        showSignIn(req, res, returnTo, 503, `The sign-in provider ${oidc.providerHost} cannot be reached right now: try again in a minute.`);
      },
    );
  });

  router.get('/signin/callback', (req, res, next) => {
    if (!oidc) return void res.redirect(302, '/signin');
    finishOidc(req, res).catch(next);
  });

  async function finishOidc(req: Request, res: Response): Promise<void> {
    const state = readCookie(req, STATE_COOKIE);
    res.clearCookie(STATE_COOKIE, { path: '/signin' });
    // Only the error code, never error_description: anyone can put text in a link to this URL.
    if (typeof req.query.error === 'string') return showSignIn(req, res, '/', 401, `The provider refused the sign-in (${/^[a-z_]{1,64}$/.test(req.query.error) ? req.query.error : 'error'}).`);
    if (!state || req.query.state !== state) return showSignIn(req, res, '/', 400, 'This sign-in was started in another browser or has expired: sign in again.');
    const query = new URL(req.originalUrl, 'http://callback.invalid').search;
    const outcome = await oidc!.signIn.finish(query, state).catch((error: unknown) => {
      logger.warn({ err: error }, 'console sign-in: the provider callback did not check out');
      return { error: 'the provider answer did not check out' };
    });
    if ('error' in outcome) return showSignIn(req, res, '/', 400, `Sign-in failed: ${outcome.error}. Sign in again.`);
    const role = roleFor(outcome.identity, options.roles);
    if (!role) {
      logger.warn({ subject: outcome.identity.subject }, 'console sign-in refused: not listed in console.yaml roles');
      return renderAccessPage(res, 403, { state: 'refused', message: `${outcome.identity.name} signed in, but has no role in the console: an administrator can add you under roles in console.yaml.` });
    }
    await cookies.start(req, res, { name: outcome.identity.name, role }, outcome.identity.subject);
    logger.info({ subject: outcome.identity.subject, role }, 'console sign-in with OpenID Connect');
    res.redirect(303, outcome.returnTo);
  }

  router.post('/signout', parseForm, (req, res, next) => {
    signOut(req, res).catch(next);
  });

  async function signOut(req: Request, res: Response): Promise<void> {
    const session = await cookies.find(req);
    if (!session) return void res.redirect(303, '/signin');
    if (!isSameSecret(sentCsrfToken(req), session.csrfToken)) return refuse(req, res, 403, 'CSRF_TOKEN', 'missing or wrong CSRF token: reload the page and try again');
    await cookies.end(req, res);
    logger.info({ subject: session.subject }, 'console sign-out');
    res.redirect(303, options.sandbox ? '/' : '/signin');
  }

  return router;
}

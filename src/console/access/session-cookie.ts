/**
 * The session cookie: a random id (only its hash is stored), `HttpOnly`, `SameSite=Lax`, `Secure`
 * whenever the request came over TLS (directly, or through a proxy trusted by console.yaml
 * `trustProxy`). A new id at every sign-in, so an id planted before sign-in is worth nothing after.
 */
import type { TLSSocket } from 'node:tls';
import express from 'express';
import type { CookieOptions, Request, Response } from 'express';
import { readCookie } from './cookies.js';
import { hashSessionId, newCsrfToken, newSessionId } from './session-store.js';
import type { ConsoleSession, ConsoleSessionStore } from './session-store.js';
import type { ConsoleViewer } from './types.js';

export const SESSION_COOKIE = 'casebridge_session';

export interface SessionCookies {
  start(req: Request, res: Response, viewer: ConsoleViewer, subject: string): Promise<ConsoleSession>;
  /** The session the request's cookie names, if it exists and has not expired. */
  find(req: Request): Promise<ConsoleSession | undefined>;
  /** Deletes the session row and the cookie (sign-out). */
  end(req: Request, res: Response): Promise<void>;
  isHttps(req: Request): boolean;
}

type TrustProxy = boolean | number | string[];

export function createSessionCookies(options: { sessions: ConsoleSessionStore; ttlMs: number; now: () => Date; trustProxy: TrustProxy }): SessionCookies {
  const { sessions, ttlMs, now } = options;
  // express compiles `trust proxy` (hops, addresses, subnets) into a predicate; borrowing it keeps
  // the meaning exactly express's without touching the settings of the app the console is mounted on.
  const isTrusted = express().set('trust proxy', options.trustProxy).get('trust proxy fn') as (address: string, hop: number) => boolean;

  function isHttps(req: Request): boolean {
    if ((req.socket as Partial<TLSSocket>).encrypted || req.secure) return true;
    if (!isTrusted(req.socket.remoteAddress ?? '', 0)) return false;
    return (req.get('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
  }

  const cookieOptions = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/' });

  return {
    isHttps,
    async start(req, res, viewer, subject) {
      const old = readCookie(req, SESSION_COOKIE);
      if (old) await sessions.delete(hashSessionId(old));
      const id = newSessionId();
      const session: ConsoleSession = { viewer, subject, csrfToken: newCsrfToken(), expiresAt: new Date(now().getTime() + ttlMs) };
      await sessions.save(hashSessionId(id), session);
      res.cookie(SESSION_COOKIE, id, { ...cookieOptions(req), maxAge: ttlMs });
      return session;
    },
    async find(req) {
      const id = readCookie(req, SESSION_COOKIE);
      return id ? sessions.find(hashSessionId(id), now()) : undefined;
    },
    async end(req, res) {
      const id = readCookie(req, SESSION_COOKIE);
      if (id) await sessions.delete(hashSessionId(id));
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    },
  };
}

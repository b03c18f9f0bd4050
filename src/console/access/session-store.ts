/**
 * Server-side console sessions. The cookie holds a random id; the store keeps only its SHA-256, so a
 * copy of the table (a backup, a read replica) cannot be replayed as a cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleViewer } from './types.js';

export interface ConsoleSession {
  viewer: ConsoleViewer;
  /** Who signed in, for the audit trail: `<issuer>|<sub>` (OIDC), `token:<role>` or `sandbox`. */
  subject: string;
  /** Synchroniser token: every POST must send it back (`_csrf` field or `X-CSRF-Token` header). */
  csrfToken: string;
  expiresAt: Date;
}

/** The session table as the access layer needs it; one implementation per storage (memory, knex). */
export interface ConsoleSessionStore {
  save(idHash: string, session: ConsoleSession): Promise<void>;
  /** The session, or undefined when unknown or expired at `now`. */
  find(idHash: string, now: Date): Promise<ConsoleSession | undefined>;
  delete(idHash: string): Promise<void>;
}

/** A new session id for the cookie (256 random bits, URL-safe). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** A new CSRF token (the same strength as a session id: it is as good as a password for one POST). */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** For the sandbox and unit tests: sessions live as long as the process. */
export function createMemorySessionStore(): ConsoleSessionStore {
  const sessions = new Map<string, ConsoleSession>();
  return {
    async save(idHash, session) {
      sessions.set(idHash, session);
    },
    async find(idHash, now) {
      const session = sessions.get(idHash);
      if (session && session.expiresAt.getTime() <= now.getTime()) {
        sessions.delete(idHash);
        return undefined;
      }
      return session;
    },
    async delete(idHash) {
      sessions.delete(idHash);
    },
  };
}

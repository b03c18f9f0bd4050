/**
 * `console_sessions`: the console's server-side sessions, keyed by the SHA-256 of the cookie's id.
 * Expired rows are never answered and are swept when a new session is saved.
 */
import type { ConsoleSession, ConsoleSessionStore } from '../../console/access/session-store.js';
import type { ConsoleRole } from '../../console/access/types.js';
import type { Db } from './db-handle.js';

interface ConsoleSessionRow {
  id_hash: string;
  viewer_name: string;
  viewer_role: ConsoleRole;
  subject: string;
  csrf_token: string;
  expires_at: Date | string;
}

function toRow(idHash: string, session: ConsoleSession): ConsoleSessionRow {
  return { id_hash: idHash, viewer_name: session.viewer.name, viewer_role: session.viewer.role, subject: session.subject, csrf_token: session.csrfToken, expires_at: session.expiresAt };
}

function fromRow(row: ConsoleSessionRow): ConsoleSession {
  return { viewer: { name: row.viewer_name, role: row.viewer_role }, subject: row.subject, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) };
}

export function createTableSessionStore(db: Db): ConsoleSessionStore {
  return {
    async save(idHash, session) {
      await db('console_sessions').where('expires_at', '<=', new Date()).delete();
      await db('console_sessions').insert(toRow(idHash, session));
    },
    async find(idHash, now) {
      const row = (await db('console_sessions').where({ id_hash: idHash }).andWhere('expires_at', '>', now).first()) as ConsoleSessionRow | undefined;
      return row ? fromRow(row) : undefined;
    },
    async delete(idHash) {
      await db('console_sessions').where({ id_hash: idHash }).delete();
    },
  };
}

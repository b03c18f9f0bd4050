/**
 * `console_sign_ins`: OpenID Connect sign-ins between the redirect to the provider and its callback,
 * keyed by the SHA-256 of `state`. Taking one deletes it, so a callback URL works once.
 */
import type { PendingSignInStore } from '../../console/access/oidc-sign-in.js';
import type { Db } from './db-handle.js';

interface ConsoleSignInRow {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: Date | string;
}

export function createTableSignInStore(db: Db): PendingSignInStore {
  return {
    async save(stateHash, pending) {
      await db('console_sign_ins').where('expires_at', '<=', new Date()).delete();
      const row: ConsoleSignInRow = { state_hash: stateHash, code_verifier: pending.codeVerifier, nonce: pending.nonce, return_to: pending.returnTo, expires_at: pending.expiresAt };
      await db('console_sign_ins').insert(row);
    },
    async take(stateHash, now) {
      const rows = (await db('console_sign_ins').where({ state_hash: stateHash }).delete().returning('*')) as ConsoleSignInRow[];
      const row = rows[0];
      if (!row || new Date(row.expires_at).getTime() <= now.getTime()) return undefined;
      return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to, expiresAt: new Date(row.expires_at) };
    },
  };
}

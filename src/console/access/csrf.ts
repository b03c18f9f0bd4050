/**
 * CSRF by synchroniser token: the token is stored with the server-side session, put in every form
 * by the pages (`res.locals.csrfToken`) and compared in constant time on every POST. SameSite=Lax
 * already stops most cross-site POSTs; the token also covers same-site attackers and old browsers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The token a request sent: header `X-CSRF-Token` (fetch) or form field `_csrf` (HTML forms). */
export function sentCsrfToken(req: Request): string | undefined {
  const header = req.get('x-csrf-token');
  if (header) return header;
  const body: unknown = req.body;
  if (body && typeof body === 'object' && typeof (body as { _csrf?: unknown })._csrf === 'string') return (body as { _csrf: string })._csrf;
  return undefined;
}

export function isSameSecret(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Sign-in with a token when no OpenID Connect provider is configured: CONSOLE_OPERATOR_TOKEN and
 * CONSOLE_VIEWER_TOKEN (at least 16 characters each, from the environment only). Compared in constant
 * time over their SHA-256, so neither the content nor the length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ConsoleSecrets } from '../../config/env.js';
import type { ConsoleViewer } from './types.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

function isSameToken(sent: string, expected: string | undefined): boolean {
  return expected !== undefined && timingSafeEqual(digest(sent), digest(expected));
}

/** The viewer a token signs in, or undefined for a wrong one. Operator first if both were set alike. */
export function viewerForToken(sent: string, secrets: ConsoleSecrets): ConsoleViewer | undefined {
  // Both comparisons always run: which token matched does not show in the time taken either.
  const operator = isSameToken(sent, secrets.operatorToken);
  const viewer = isSameToken(sent, secrets.viewerToken);
  if (operator) return { name: 'Operator (token sign-in)', role: 'operator' };
  if (viewer) return { name: 'Viewer (token sign-in)', role: 'viewer' };
  return undefined;
}

export function hasTokenSignIn(secrets: ConsoleSecrets): boolean {
  return secrets.operatorToken !== undefined || secrets.viewerToken !== undefined;
}

/**
 * Which role a person signed in by OpenID Connect gets, from console.yaml `roles`: operators first
 * (an operator may also view), then viewers, then `others` (refuse by default). Pure.
 */
import type { ConsoleRolesConfig } from '../../config/schemas/console.js';
import type { ConsoleRole } from './types.js';

/** What the provider told us about the person (ID token and userinfo claims together). */
export interface SignedInIdentity {
  /** `iss` + `sub`: stable for the person at this provider. */
  subject: string;
  name: string;
  email?: string;
  /** False when the provider says the address is not verified: it then matches no e-mail or domain. */
  emailVerified?: boolean;
  groups: string[];
}

type Members = ConsoleRolesConfig['operators'];

export function roleFor(identity: SignedInIdentity, roles: ConsoleRolesConfig): ConsoleRole | undefined {
  if (isMember(identity, roles.operators)) return 'operator';
  if (isMember(identity, roles.viewers)) return 'viewer';
  return roles.others === 'viewer' ? 'viewer' : undefined;
}

function isMember(identity: SignedInIdentity, members: Members): boolean {
  if (identity.groups.some((group) => members.groups.includes(group))) return true;
  const email = identity.emailVerified === false ? undefined : identity.email?.toLowerCase();
  if (!email) return false;
  if (members.emails.some((listed) => listed.toLowerCase() === email)) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return members.domains.some((listed) => listed.toLowerCase() === domain);
}

/** The identity from merged claims; `groupsClaim` may hold a list or one string. */
export function identityFromClaims(claims: Record<string, unknown>, groupsClaim: string): SignedInIdentity {
  const text = (key: string) => (typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : undefined);
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : [];
  const email = text('email');
  const verified = claims.email_verified;
  return {
    subject: `${text('iss') ?? ''}|${text('sub') ?? ''}`,
    name: text('name') ?? email ?? text('preferred_username') ?? text('sub') ?? 'unknown',
    ...(email ? { email } : {}),
    ...(verified === false || verified === 'false' ? { emailVerified: false } : {}),
    groups,
  };
}

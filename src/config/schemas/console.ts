/**
 * `console.yaml`: who may sign in to the console and with which role. Optional file. Without it (or
 * without `signIn.oidc`), production sign-in is by token (CONSOLE_OPERATOR_TOKEN, CONSOLE_VIEWER_TOKEN);
 * the sandbox is open either way. Secrets never go here: the OIDC client secret is
 * CONSOLE_OIDC_CLIENT_SECRET in the environment.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../issues.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http on loopback only (a provider run on this machine, as in tests). */
const webUrl = (what: string) =>
  z
    .string()
    .url(`expected the ${what} as an absolute URL such as https://login.example.org`)
    .refine((text) => {
      const url = new URL(text);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    }, `the ${what} must use https:// (http:// only on 127.0.0.1 or localhost)`);

const oidcSchema = z
  .object({
    /** Discovery is at `<issuer>/.well-known/openid-configuration`, e.g. `https://acme.okta.com/oauth2/default`. */
    issuer: webUrl('issuer'),
    /** The application's client id at the provider. */
    clientId: z.string().min(1, 'expected the client id the provider gave the casebridge application'),
    /** Exactly as registered at the provider: `https://<console host>/signin/callback`. */
    redirectUrl: webUrl('redirect URL').refine(
      (text) => new URL(text).pathname.endsWith('/signin/callback'),
      'the redirect URL must end with /signin/callback (where the console answers the provider)',
    ),
    /** Default `[openid, email, profile]`; add `groups` for Okta's groups claim. `openid` is always sent. */
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is one word without spaces or quotes')).default(['openid', 'email', 'profile']),
    /** The claim (ID token or userinfo) listing the person's groups. Default `groups`. */
    groupsClaim: z.string().min(1).default('groups'),
    /** How casebridge sends the client secret to the token endpoint (OIDC's default, basic, unless the provider wants post). */
    clientAuthMethod: z.enum(['client_secret_basic', 'client_secret_post'], 'expected client_secret_basic or client_secret_post').default('client_secret_basic'),
  })
  .strict();

const membersSchema = z
  .object({
    /** E-mail addresses (case-insensitive), from the `email` claim (refused when `email_verified` is false). */
    emails: z.array(z.string().email('expected an e-mail address such as ana@example.org')).default([]),
    /** Whole e-mail domains, e.g. `example.org` (Google Workspace has no groups claim). */
    domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain such as example.org')).default([]),
    /** Values of the groups claim: names (Okta), object ids (Entra ID). */
    groups: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const consoleFileSchema = z
  .object({
    signIn: z.object({ oidc: oidcSchema.optional() }).strict().default({}),
    /** Operators also view; a person matching both lists is an operator. */
    roles: z
      .object({
        operators: membersSchema.default({ emails: [], domains: [], groups: [] }),
        viewers: membersSchema.default({ emails: [], domains: [], groups: [] }),
        /** A person the provider signed in who is in neither list: `refuse` (the default) or `viewer`. */
        others: z.enum(['refuse', 'viewer'], 'expected refuse or viewer').default('refuse'),
      })
      .strict()
      .default({ operators: { emails: [], domains: [], groups: [] }, viewers: { emails: [], domains: [], groups: [] }, others: 'refuse' }),
    /** How long a sign-in lasts, in hours (default 12, at most 720). */
    sessionHours: z.number().positive().max(720).default(12),
    /**
     * Behind a TLS-terminating proxy or load balancer: express's `trust proxy` (true, a hop count, or
     * addresses/subnets). Only then is X-Forwarded-Proto believed, making the cookie `Secure`. Default false.
     */
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.array(z.string().min(1)).min(1)]).default(false),
  })
  .strict();

export type ConsoleConfig = z.infer<typeof consoleFileSchema>;
export type ConsoleOidcConfig = z.infer<typeof oidcSchema>;
export type ConsoleRolesConfig = ConsoleConfig['roles'];

/** Cross-field: with OIDC, someone must be able to act, or the console is read-only for everybody. */
export function checkConsole(value: ConsoleConfig): ConfigIssue[] {
  const { operators } = value.roles;
  if (value.signIn.oidc && operators.emails.length + operators.domains.length + operators.groups.length === 0) {
    return [{ path: ['roles', 'operators'], message: 'sign-in is by OpenID Connect but no operator is listed: give roles.operators emails, domains or groups' }];
  }
  return [];
}

/** The settings when console.yaml is absent: token sign-in, 12-hour sessions. */
export const DEFAULT_CONSOLE_CONFIG: ConsoleConfig = consoleFileSchema.parse({});

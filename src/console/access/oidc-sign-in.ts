/**
 * Sign-in with OpenID Connect: authorization code flow with PKCE (S256), state and nonce, through
 * openid-client. The provider's metadata is discovered on first use (and again after a failure), so a
 * provider that is down at start does not stop casebridge, only sign-in.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { ConsoleOidcConfig } from '../../config/schemas/console.js';
import { identityFromClaims } from './roles.js';
import type { SignedInIdentity } from './roles.js';

/** A sign-in between the redirect to the provider and its callback. */
export interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  /** The console page to land on afterwards (a path on this site). */
  returnTo: string;
  expiresAt: Date;
}

export interface PendingSignInStore {
  save(stateHash: string, pending: PendingSignIn): Promise<void>;
  /** Removes and returns it: a callback URL is good once. Undefined when unknown or expired. */
  take(stateHash: string, now: Date): Promise<PendingSignIn | undefined>;
}

export interface OidcSignIn {
  /** Where to send the browser, and the `state` to bind to it (a cookie) until the callback. */
  start(returnTo: string): Promise<{ authorizationUrl: URL; state: string }>;
  /** Checks the callback (state, code, PKCE, ID token, nonce) and returns who signed in. */
  finish(callbackQuery: string, state: string): Promise<{ identity: SignedInIdentity; returnTo: string } | { error: string }>;
}

const PENDING_TTL_MS = 10 * 60 * 1000;

export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

export function createOidcSignIn(settings: ConsoleOidcConfig, clientSecret: string | undefined, store: PendingSignInStore, now: () => Date): OidcSignIn {
  let discovered: Promise<oidc.Configuration> | undefined;
  const scope = [...new Set(['openid', ...settings.scopes])].join(' ');

  function configuration(): Promise<oidc.Configuration> {
    const issuer = new URL(settings.issuer);
    // The schema allows http only for a provider on loopback (tests, a local provider).
    const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    const clientAuth = settings.clientAuthMethod === 'client_secret_post' ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret);
    discovered ??= oidc.discovery(issuer, settings.clientId, undefined, clientAuth, { execute }).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  }

  return {
    async start(returnTo) {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await store.save(hashState(state), { codeVerifier, nonce, returnTo, expiresAt: new Date(now().getTime() + PENDING_TTL_MS) });
      const authorizationUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { authorizationUrl, state };
    },

    async finish(callbackQuery, state) {
      const pending = await store.take(hashState(state), now());
      if (!pending) return { error: 'this sign-in has expired or was already used' };
      const config = await configuration();
      // The URL the provider redirected to, rebuilt from configuration (never from the Host header).
      const currentUrl = new URL(settings.redirectUrl);
      currentUrl.search = callbackQuery;
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) return { error: 'the provider returned no ID token' };
      // Okta, oidc-provider and others keep the ID token thin in this flow: e-mail, name and groups
      // may only be at the userinfo endpoint.
      const userInfo = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
      return { identity: identityFromClaims({ ...userInfo, ...idClaims }, settings.groupsClaim), returnTo: pending.returnTo };
    },
  };
}

/** For tests and the sandbox: pending sign-ins in memory. */
export function createMemorySignInStore(): PendingSignInStore {
  const pending = new Map<string, PendingSignIn>();
  return {
    async save(stateHash, value) {
      pending.set(stateHash, value);
    },
    async take(stateHash, at) {
      const value = pending.get(stateHash);
      pending.delete(stateHash);
      return value && value.expiresAt.getTime() > at.getTime() ? value : undefined;
    },
  };
}

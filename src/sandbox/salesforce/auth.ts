/**
 * Sessions: the OAuth 2.0 token endpoint (JWT bearer, client credentials, password grants) and the
 * check every REST call passes. By default any non-empty bearer token is accepted, like a developer
 * already logged in; with strict auth only issued tokens are, and they expire.
 */
import { randomBytes, createHmac, verify as verifySignature } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { INVALID_SESSION_BODY } from './errors.js';

/** Audiences a JWT bearer assertion may name, besides the sandbox's own URL. */
const LOGIN_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
/** Clock skew tolerated on `exp`, as Salesforce does (3 minutes). */
const JWT_SKEW_MS = 3 * 60_000;

/** Session settings. */
export interface SfAuthOptions {
  now: () => Date;
  strictAuth: boolean;
  /** Lifetime of issued tokens under strict auth, in milliseconds. */
  tokenTtlMs: number;
  organizationId: string;
  /** The user a token that was not issued here acts as (the integration user). */
  defaultUserId: () => string;
  /** Finds a user id by username (for JWT `sub` and the password grant). */
  findUserIdByUsername: (username: string) => string | undefined;
  /** PEM public key; when set, JWT bearer assertions must carry a valid RS256 signature. */
  jwtPublicKey?: string;
  /** When set, client credentials must match. */
  clientCredentials?: { clientId: string; clientSecret: string };
}

interface Session {
  userId: string;
  expiresAtMs: number;
}

/** An OAuth error as the token endpoint answers it (HTTP 400). */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export class SfSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: SfAuthOptions) {}

  /** Forgets every issued token. */
  clear(): void {
    this.sessions.clear();
  }

  /** Express middleware: 401 INVALID_SESSION_ID unless the request carries an acceptable token. */
  requireSession(): RequestHandler {
    return (req, res, next) => {
      const userId = this.authenticate(req);
      if (!userId) {
        res.status(401).json(INVALID_SESSION_BODY);
        return;
      }
      res.locals.sfUserId = userId;
      next();
    };
  }

  /** The user id a request acts as, or undefined when it must be refused. */
  authenticate(req: Request): string | undefined {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    // The identity URL also takes the token as `oauth_token` (jsforce identity() sends both).
    const token = match?.[1] ?? (typeof req.query.oauth_token === 'string' && req.path.startsWith('/id/') ? req.query.oauth_token : undefined);
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (session) {
      if (this.options.strictAuth && session.expiresAtMs <= this.options.now().getTime()) return undefined;
      return session.userId;
    }
    return this.options.strictAuth ? undefined : this.options.defaultUserId();
  }

  /**
   * Answers a token request (form fields already parsed).
   * @throws OAuthError for a refused grant
   */
  issueToken(params: Record<string, string | undefined>, baseUrl: string): Record<string, string> {
    const userId = this.resolveGrant(params, baseUrl);
    const token = `${this.options.organizationId.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
    const issuedAtMs = this.options.now().getTime();
    this.sessions.set(token, { userId, expiresAtMs: issuedAtMs + this.options.tokenTtlMs });
    const id = `${baseUrl}/id/${this.options.organizationId}/${userId}`;
    return {
      access_token: token,
      signature: createHmac('sha256', 'casebridge-sandbox')
        .update(id + issuedAtMs)
        .digest('base64'),
      scope: 'api',
      instance_url: baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: String(issuedAtMs),
    };
  }

  private resolveGrant(params: Record<string, string | undefined>, baseUrl: string): string {
    switch (params.grant_type) {
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return this.checkJwtAssertion(params.assertion ?? '', baseUrl);
      case 'client_credentials': {
        const expected = this.options.clientCredentials;
        if (!params.client_id || !params.client_secret) throw new OAuthError('invalid_client', 'client identifier invalid');
        if (expected && (expected.clientId !== params.client_id || expected.clientSecret !== params.client_secret)) {
          throw new OAuthError('invalid_client', 'invalid client credentials');
        }
        return this.options.defaultUserId();
      }
      case 'password': {
        const userId = this.options.findUserIdByUsername(params.username ?? '');
        if (!userId || !params.password) throw new OAuthError('invalid_grant', 'authentication failure');
        return userId;
      }
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  /** Checks the structure and claims of a JWT bearer assertion; returns the `sub` user's id. */
  private checkJwtAssertion(assertion: string, baseUrl: string): string {
    const parts = assertion.split('.');
    if (parts.length !== 3) throw new OAuthError('invalid_grant', 'invalid assertion: not a JWT (header.payload.signature)');
    const [headerText = '', payloadText = '', signatureText = ''] = parts;
    const header = decodeJson(headerText);
    const claims = decodeJson(payloadText);
    if (header?.alg !== 'RS256') throw new OAuthError('invalid_grant', 'invalid assertion: alg must be RS256');
    if (!claims || typeof claims.iss !== 'string' || claims.iss === '') throw new OAuthError('invalid_grant', 'invalid assertion: iss (client id) is missing');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const allowed = [...LOGIN_AUDIENCES, baseUrl];
    if (!audiences.some((aud) => typeof aud === 'string' && allowed.includes(aud.replace(/\/$/, '')))) {
      throw new OAuthError('invalid_grant', 'audience is invalid');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 + JWT_SKEW_MS < this.options.now().getTime()) {
      throw new OAuthError('invalid_grant', 'expired authorization code');
    }
    if (this.options.jwtPublicKey) {
      const valid = verifySignature('RSA-SHA256', Buffer.from(`${headerText}.${payloadText}`), this.options.jwtPublicKey, Buffer.from(signatureText, 'base64url'));
      if (!valid) throw new OAuthError('invalid_grant', 'invalid assertion: signature does not verify');
    }
    const userId = typeof claims.sub === 'string' ? this.options.findUserIdByUsername(claims.sub) : undefined;
    if (!userId) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
    return userId;
  }
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

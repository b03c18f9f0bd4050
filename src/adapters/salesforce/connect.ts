/**
 * An authenticated jsforce connection from the configured access: a ready token, the OAuth 2.0
 * JWT bearer flow (we sign the assertion, RS256) or the client-credentials flow. For the two
 * OAuth flows jsforce's session-refresh hook re-runs the grant when a call answers
 * 401 INVALID_SESSION_ID, then repeats the call once.
 */
import { createSign } from 'node:crypto';
import { Connection, type HttpRequestOptions, type HttpResponse, type TokenResponse } from 'jsforce';
import type { SalesforceAccess } from '../../config/env.js';
import { fromSalesforceError } from './errors.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts assertions valid for up to 3 minutes. */
const ASSERTION_LIFETIME_SECONDS = 180;

export interface ConnectSalesforceOptions {
  /** REST API version (default 62.0). */
  version?: '62.0';
  /**
   * Let jsforce retry GET/PUT/DELETE on 429/5xx and socket errors by itself (5 times, up to
   * ~15 s, ignoring Retry-After). Default false: the engine retries with backoff and counts
   * attempts, and a double retry would multiply the load on an API that is already struggling.
   */
  clientRetries?: boolean;
  /** Abort a call that has not answered after this long (default 120 000 ms; jsforce's own is 30 min). */
  requestTimeoutMs?: number;
}

/** A signed RS256 JWT bearer assertion for `clientId` acting as `username`. */
export function createJwtAssertion(input: { clientId: string; username: string; audience: string; privateKey: string; nowMs?: number }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAtSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000);
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: input.clientId,
    sub: input.username,
    aud: input.audience.replace(/\/$/, ''),
    exp: issuedAtSeconds + ASSERTION_LIFETIME_SECONDS,
  })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(input.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** The token request parameters for an OAuth flow. */
function toGrant(access: Exclude<SalesforceAccess, { kind: 'token' }>): { grant_type: string; [name: string]: string } {
  if (access.kind === 'jwt') {
    const assertion = createJwtAssertion({ clientId: access.clientId, username: access.username, audience: access.loginUrl, privateKey: access.privateKey });
    return { grant_type: JWT_BEARER_GRANT, assertion };
  }
  return { grant_type: 'client_credentials' };
}

/**
 * jsforce's errors keep the REST `errorCode` but drop the HTTP status and headers. For error
 * answers with the usual JSON array body, each entry gets `httpStatus` and `retryAfter` added, so
 * they reach `fromSalesforceError` through the error's `data`.
 */
function annotateErrorResponse(response: HttpResponse): void {
  if (response.statusCode < 400 || typeof response.body !== 'string') return;
  let entries: unknown;
  try {
    entries = JSON.parse(response.body);
  } catch {
    return;
  }
  if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'object' && e !== null)) return;
  const retryAfter = response.headers['retry-after'];
  response.body = JSON.stringify(entries.map((entry: object) => ({ ...entry, httpStatus: response.statusCode, ...(retryAfter ? { retryAfter } : {}) })));
}

/** Makes every request of this connection go out with our retry and timeout settings. */
function configureTransport(connection: Connection, options: ConnectSalesforceOptions): void {
  const transport = connection._transport;
  const send = transport.httpRequest.bind(transport);
  const timeout = options.requestTimeoutMs ?? 120_000;
  transport.httpRequest = (request, requestOptions: HttpRequestOptions = {}) => {
    const pending = send(request, {
      timeout,
      ...requestOptions,
      ...(options.clientRetries ? {} : { retry: { ...requestOptions.retry, maxRetries: 0 } }),
    });
    // Registered before jsforce awaits the response, so it runs first.
    pending.then(annotateErrorResponse, () => undefined);
    return pending;
  };
}

/**
 * Connects with the given access. Token access makes no call; the OAuth flows request a token
 * now, so bad credentials fail here (as a permanent `ApiError`) rather than on the first sync.
 */
export async function connectSalesforce(access: SalesforceAccess, options: ConnectSalesforceOptions = {}): Promise<Connection> {
  const version = options.version ?? '62.0';
  if (access.kind === 'token') {
    const connection = new Connection({ instanceUrl: access.instanceUrl, accessToken: access.accessToken, version });
    configureTransport(connection, options);
    return connection;
  }
  const oauth2 = {
    loginUrl: access.loginUrl,
    ...(access.kind === 'clientCredentials' ? { clientId: access.clientId, clientSecret: access.clientSecret } : {}),
  };
  const connection = new Connection({
    loginUrl: access.loginUrl,
    version,
    oauth2,
    refreshFn: (conn, callback) => {
      // Neither flow issues a refresh token: a fresh grant is the refresh.
      conn.oauth2
        .requestToken(toGrant(access))
        .then((token: TokenResponse) => {
          conn.instanceUrl = token.instance_url || conn.instanceUrl;
          callback(null, token.access_token, token);
        })
        .catch((error: Error) => callback(error));
    },
  });
  configureTransport(connection, options);
  connection.oauth2._transport = connection._transport;
  try {
    await connection.authorize(toGrant(access));
  } catch (error) {
    throw fromSalesforceError(error);
  }
  return connection;
}

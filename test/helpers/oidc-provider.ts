/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, port 0, for the console's sign-in
 * tests: discovery, authorization with PKCE required, code exchange, ID token and userinfo over
 * loopback HTTP. Its development interactions sign in whoever types a login (any password) and ask
 * for consent with a "Continue" button; the login names an account of `accounts`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { closeServer } from '../../src/http/serve.js';

export interface TestAccount {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The Authorization scheme of each token request (`Basic`, or `none`), in order. */
  tokenRequestAuth: string[];
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const clientId = 'casebridge-console';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // OIDC's default method, stated: the console must send the secret the way the client is registered.
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'test', alg: 'RS256' }] },
    cookies: { keys: ['test-cookie-key-for-the-local-provider'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: account.groups };
        },
      };
    },
  });
  const handle = provider.callback();
  const tokenRequestAuth: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // oidc-provider takes the secret either way; the test checks the console sends it as registered.
    if (req.method === 'POST' && req.url?.startsWith('/token')) tokenRequestAuth.push(req.headers.authorization?.split(' ')[0] ?? 'none');
    handle(req, res);
  });
  return { issuer, clientId, clientSecret, tokenRequestAuth, close: () => closeServer(server, 0) };
}

/** People at the test provider: an operator by group, a viewer by domain, an outsider, an unverified address. */
export const TEST_ACCOUNTS = {
  ana: { email: 'ana@acme.example', name: 'Ana Lima', groups: ['casebridge-operators', 'support'] },
  ben: { email: 'ben@acme.example', name: 'Ben Okafor', groups: ['support'] },
  eve: { email: 'eve@elsewhere.example', name: 'Eve Stranger', groups: [] },
  mal: { email: 'mal@acme.example', name: 'Mal Unverified', groups: [], emailVerified: false },
};

/** console.yaml for the console at `consoleBaseUrl` signing in at `provider`. */
export function consoleYamlFor(provider: TestOidcProvider, consoleBaseUrl: string): string {
  return `signIn:
  oidc:
    issuer: ${provider.issuer}
    clientId: ${provider.clientId}
    redirectUrl: ${consoleBaseUrl}/signin/callback
    scopes: [openid, email, profile, groups]
roles:
  operators:
    groups: [casebridge-operators]
  viewers:
    domains: [acme.example]
`;
}

/** A server already listening on 127.0.0.1 (its port is needed before the app it will serve exists). */
export async function boundServer(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

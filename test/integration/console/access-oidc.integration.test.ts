/**
 * Sign-in with OpenID Connect against a real provider run here (oidc-provider on loopback, PKCE
 * required): the console's own openid-client code discovers it, sends the browser there with
 * state, nonce and an S256 challenge, exchanges the code, reads userinfo and gives the role that
 * console.yaml says. Refusals: an unlisted person, a replayed or foreign callback, an unverified
 * e-mail, a provider that is down.
 */
import { strict as assert } from 'node:assert';
import type { Database } from '../../../src/adapters/store/database.js';
import { SESSION_COOKIE } from '../../../src/console/access/index.js';
import { createCookieJar, hiddenField } from '../../helpers/cookie-jar.js';
import { startAccessRig } from '../../helpers/console-access-rig.js';
import type { AccessRig } from '../../helpers/console-access-rig.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { walkOidcSignIn } from '../../helpers/oidc-flow.js';
import { TEST_ACCOUNTS, boundServer, consoleYamlFor, startOidcProvider } from '../../helpers/oidc-provider.js';
import type { TestOidcProvider } from '../../helpers/oidc-provider.js';

const HTML = { accept: 'text/html' };

describe('console sign-in with OpenID Connect (local oidc-provider)', function () {
  this.timeout(60_000);
  let db: Database;
  let provider: TestOidcProvider;
  let rig: AccessRig;

  before(async () => {
    db = await givenMigratedDatabase('console_access_oidc');
    const server = await boundServer();
    const consoleBaseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    provider = await startOidcProvider({ redirectUri: `${consoleBaseUrl}/signin/callback`, accounts: TEST_ACCOUNTS });
    rig = await startAccessRig({
      db,
      server,
      consoleYaml: consoleYamlFor(provider, consoleBaseUrl),
      secrets: { oidcClientSecret: provider.clientSecret, operatorToken: 'ignored-with-oidc-0123456789' },
    });
  });
  after(async () => {
    await rig?.close();
    await provider?.close();
    await dropTestDatabase(db);
  });

  it('signs an operator in by group: PKCE S256, state and nonce sent; lands on the page asked for', async () => {
    const jar = createCookieJar();
    const signinPage = await (await jar.fetch(`${rig.baseUrl}/signin?next=%2Fboard%3Fregion%3DEMEA`, { headers: HTML })).text();
    assert.match(signinPage, /Sign in with 127\.0\.0\.1:\d+/);
    assert.doesNotMatch(signinPage, /name="token"/, 'with a provider, no token form');
    const { callback, authorizationUrl } = await walkOidcSignIn(jar, rig.baseUrl, 'ana', '/board?region=EMEA');
    const params = authorizationUrl.searchParams;
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.match(params.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(params.get('state') && params.get('nonce'));
    assert.equal(params.get('scope'), 'openid email profile groups');
    assert.equal(params.get('redirect_uri'), `${rig.baseUrl}/signin/callback`);
    assert.equal(callback.status, 303, await callback.clone().text());
    assert.equal(callback.headers.get('location'), '/board?region=EMEA');
    assert.equal(provider.tokenRequestAuth.at(-1), 'Basic', 'the client secret goes as HTTP Basic (client_secret_basic)');
    const page = await (await jar.fetch(`${rig.baseUrl}/board?region=EMEA`, { headers: HTML })).text();
    assert.match(page, /Ana Lima \(operator\)/);
    const before = rig.actions;
    assert.equal((await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', form: { _csrf: hiddenField(page, '_csrf') } })).status, 303);
    assert.equal(rig.actions, before + 1);
  });

  it('makes someone listed only by e-mail domain a viewer, who gets 403 on an operator POST', async () => {
    const jar = createCookieJar();
    const { callback } = await walkOidcSignIn(jar, rig.baseUrl, 'ben');
    assert.equal(callback.status, 303);
    const page = await (await jar.fetch(`${rig.baseUrl}/`, { headers: HTML })).text();
    assert.match(page, /Ben Okafor \(viewer\)/);
    const before = rig.actions;
    assert.equal((await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', form: { _csrf: hiddenField(page, '_csrf') } })).status, 403);
    assert.equal(rig.actions, before);
  });

  it('refuses a person in neither list (others: refuse) and one whose e-mail is not verified', async () => {
    for (const login of ['eve', 'mal']) {
      const jar = createCookieJar();
      const { callback } = await walkOidcSignIn(jar, rig.baseUrl, login);
      assert.equal(callback.status, 403, login);
      assert.match(await callback.text(), /has no role in the console/);
      assert.equal(jar.cookies.get(SESSION_COOKIE), undefined, login);
    }
  });

  it('takes a callback only in the browser that started the sign-in, and only once', async () => {
    // Someone starts a sign-in as themselves and sends the callback link to a victim (login CSRF).
    const attacker = createCookieJar();
    const { callbackUrl } = await walkOidcSignIn(attacker, rig.baseUrl, 'ana', '/', { follow: false });
    const victim = createCookieJar();
    const foreign = await victim.fetch(callbackUrl, { headers: HTML });
    assert.equal(foreign.status, 400);
    assert.match(await foreign.text(), /started in another browser/);
    assert.equal(victim.cookies.get(SESSION_COOKIE), undefined);
    // In the browser that started it, it works; presenting it again (state cookie put back) does not.
    const state = attacker.cookies.get('casebridge_oidc_state')!;
    assert.equal((await attacker.fetch(callbackUrl, { headers: HTML })).status, 303);
    const replay = await fetch(callbackUrl, { headers: { ...HTML, cookie: `casebridge_oidc_state=${state}` }, redirect: 'manual' });
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /expired or was already used/);
  });

  it('never shows or logs the client secret', async () => {
    const jar = createCookieJar();
    const { callback } = await walkOidcSignIn(jar, rig.baseUrl, 'ana');
    const seen = [await callback.text(), ...jar.setCookieHeaders, ...rig.logLines].join('\n');
    assert.ok(rig.logLines.some((l) => /sign-in with OpenID Connect/.test(l)));
    assert.ok(!seen.includes(provider.clientSecret));
  });
});

describe('console sign-in when the OpenID Connect provider is down', function () {
  this.timeout(60_000);
  let rig: AccessRig;
  before(async () => {
    const gone = await boundServer();
    const issuer = `http://127.0.0.1:${(gone.address() as { port: number }).port}`;
    await new Promise((resolve) => gone.close(resolve));
    rig = await startAccessRig({
      consoleYaml: `signIn:\n  oidc:\n    issuer: ${issuer}\n    clientId: c\n    redirectUrl: http://127.0.0.1:1/signin/callback\nroles:\n  operators:\n    emails: [a@b.example]\n`,
      secrets: { oidcClientSecret: 's' },
    });
  });
  after(() => rig?.close());

  it('says the provider cannot be reached (503) instead of failing the page', async () => {
    const res = await fetch(`${rig.baseUrl}/signin/oidc?next=%2F`, { headers: HTML, redirect: 'manual' });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /cannot be reached right now/);
  });
});

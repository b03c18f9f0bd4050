/**
 * Token flows through jsforce: JWT bearer (claims and signature checked) and client credentials;
 * strict auth lets issued tokens expire into 401 INVALID_SESSION_ID, and jsforce's refreshFn
 * recovers from it.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import jsforce from 'jsforce';
import { INTEGRATION_USERNAME } from '../../../src/sandbox/seed/people.js';
import { assertRejectsWithCode, givenManualClock, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const TOKEN_TTL_MS = 60_000;
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function toJwt(claims: Record<string, unknown>, privateKey: string): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

describe('sandbox Salesforce auth (jsforce)', () => {
  const clock = givenManualClock('2026-05-01T10:00:00.000Z');
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  let started: StartedSandbox;

  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: 'casebridge-connected-app',
    sub: INTEGRATION_USERNAME,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(clock.now().getTime() / 1000) + 180,
    ...overrides,
  });

  before(async () => {
    started = await givenRunningSandbox({
      seed: 5,
      strictAuth: true,
      tokenTtlMs: TOKEN_TTL_MS,
      now: clock.now,
      jwtPublicKey: keys.publicKey,
      clientCredentials: { clientId: 'cb-client', clientSecret: 'cb-secret' },
    });
  });
  after(async () => {
    await started.running.close();
  });

  it('issues a token for a JWT bearer assertion; it expires into 401 INVALID_SESSION_ID', async () => {
    const conn = new jsforce.Connection({ loginUrl: started.url, version: '62.0' });
    const userInfo = await conn.authorize({ grant_type: JWT_GRANT, assertion: toJwt(claims(), keys.privateKey) });
    assert.equal(userInfo.id, started.sandbox.salesforce.people().integrationUserId);
    assert.equal(conn.instanceUrl, started.url);
    assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, 5);

    clock.advanceMs(TOKEN_TTL_MS + 1);
    await assertRejectsWithCode(conn.query('SELECT Id FROM Case'), 'INVALID_SESSION_ID');
    const raw = await started.call('GET', '/services/data/v62.0/limits', undefined, { authorization: `Bearer ${conn.accessToken}` });
    assert.equal(raw.status, 401);
    assert.deepEqual(raw.body, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);

    await conn.authorize({ grant_type: JWT_GRANT, assertion: toJwt(claims(), keys.privateKey) });
    assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, 5);
  });

  it('lets jsforce refresh the session through refreshFn after a 401', async () => {
    let refreshes = 0;
    const conn = new jsforce.Connection({
      loginUrl: started.url,
      version: '62.0',
      refreshFn: (c, callback) => {
        refreshes++;
        c.authorize({ grant_type: JWT_GRANT, assertion: toJwt(claims(), keys.privateKey) })
          .then(() => callback(null, c.accessToken ?? undefined))
          .catch((error: Error) => callback(error));
      },
    });
    await conn.authorize({ grant_type: JWT_GRANT, assertion: toJwt(claims(), keys.privateKey) });
    clock.advanceMs(TOKEN_TTL_MS + 1);
    assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, 5);
    assert.equal(refreshes, 1);
  });

  it('refuses assertions with a wrong audience, an old exp, an unknown user or a bad signature', async () => {
    const refused: [string, string][] = [
      [toJwt(claims({ aud: 'https://evil.example' }), keys.privateKey), 'audience is invalid'],
      [toJwt(claims({ exp: Math.floor(clock.now().getTime() / 1000) - 600 }), keys.privateKey), 'expired authorization code'],
      [toJwt(claims({ sub: 'nobody@example.com' }), keys.privateKey), "user hasn't approved this consumer"],
      [toJwt(claims(), otherKeys.privateKey), 'invalid assertion: signature does not verify'],
      ['not-a-jwt', 'invalid assertion: not a JWT (header.payload.signature)'],
    ];
    for (const [assertion, description] of refused) {
      const conn = new jsforce.Connection({ loginUrl: started.url, version: '62.0' });
      await assert.rejects(conn.authorize({ grant_type: JWT_GRANT, assertion }), (error: Error) => {
        assert.equal(error.name, 'invalid_grant');
        assert.equal(error.message, description);
        return true;
      });
    }
  });

  it('issues a token for client credentials and refuses wrong ones', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: started.url, clientId: 'cb-client', clientSecret: 'cb-secret' }, version: '62.0' });
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    assert.equal(userInfo.id, started.sandbox.salesforce.people().integrationUserId);
    assert.equal((await conn.query('SELECT COUNT() FROM Account')).totalSize > 0, true);
    const wrong = new jsforce.Connection({ oauth2: { loginUrl: started.url, clientId: 'cb-client', clientSecret: 'nope' }, version: '62.0' });
    await assert.rejects(wrong.authorize({ grant_type: 'client_credentials' }), (error: Error) => error.name === 'invalid_client');
  });

  it('logs in an agent with the password grant (jsforce login with a connected app)', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: started.url, clientId: 'cb-client', clientSecret: 'cb-secret' }, version: '62.0' });
    const userInfo = await conn.login('noa.levi@support.example', 'any-password');
    const noa = started.sandbox.salesforce.people().agents.find((a) => a.username === 'noa.levi@support.example');
    assert.equal(userInfo.id, noa?.id);
    const created = await conn.sobject('Case').create({ Subject: 'written by Noa' });
    const row = (await conn.sobject('Case').retrieve(created.id as string)) as unknown as { CreatedById: string };
    assert.equal(row.CreatedById, noa?.id, 'records carry the user of the token');
    await assert.rejects(
      new jsforce.Connection({ oauth2: { loginUrl: started.url, clientId: 'cb-client', clientSecret: 'cb-secret' }, version: '62.0' }).login('nobody@example.com', 'x'),
      (error: Error) => error.name === 'invalid_grant',
    );
  });

  it('refuses tokens it never issued under strict auth, and a missing token always', async () => {
    const conn = started.connect('made-up-token');
    await assertRejectsWithCode(conn.query('SELECT Id FROM Case'), 'INVALID_SESSION_ID');
    const none = await started.call('GET', '/services/data/v62.0/limits');
    assert.equal(none.status, 401);
    const lax = await givenRunningSandbox({ seed: 1 });
    try {
      assert.equal((await lax.connect('anything').query('SELECT COUNT() FROM Case')).totalSize, 1);
      assert.equal((await lax.call('GET', '/services/data/v62.0/limits')).status, 401);
    } finally {
      await lax.running.close();
    }
  });
});

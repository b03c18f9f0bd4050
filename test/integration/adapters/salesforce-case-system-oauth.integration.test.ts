/**
 * How the Salesforce adapter connects: client credentials (the integration user read from the
 * org), a bare token (the user from configuration, checked), a JWT bearer assertion whose grant is
 * re-run when the session expires, and a refused grant as a permanent ApiError.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Connection } from 'jsforce';
import { createSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import { connectSalesforce, createSalesforceCaseSystem } from '../../../src/adapters/salesforce/index.js';
import { ApiError, InvalidInputError } from '../../../src/errors.js';
import { getStats } from './adapter-test-helpers.js';
import { useSalesforceAdapterRig } from './salesforce-case-system-rig.js';

describe('Salesforce adapter against the sandbox (jsforce over loopback): OAuth', function () {
  const rig = useSalesforceAdapterRig();
  let running: RunningSandbox;
  let connection: Connection;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ running, connection } = rig);
  });

  describe('OAuth flows', () => {
    it('connects with client credentials and knows the integration user', async () => {
      const connected = await connectSalesforce({ kind: 'clientCredentials', loginUrl: running.url, clientId: 'casebridge', clientSecret: 's3cret' });
      const system = createSalesforceCaseSystem({ connection: connected });
      const info = (await (await fetch(`${running.url}/__sandbox`)).json()) as { salesforce: { integrationUserId: string } };
      assert.equal(await system.getIntegrationUserId(), info.salesforce.integrationUserId);
      assert.ok((await system.getCases(['500Dn00000zzzzz'], ['Subject'])).length === 0);
    });

    it('takes the integration user from configuration when a bare token is used', async () => {
      const userId = '005Dn0000000001AAA';
      const system = createSalesforceCaseSystem({ connection, integrationUserId: userId });
      assert.equal(await system.getIntegrationUserId(), userId);
      assert.equal((await getStats(running.url)).salesforce.accepted, 0);
      assert.throws(() => createSalesforceCaseSystem({ connection, integrationUserId: "005' OR" }), InvalidInputError);
    });

    it('signs a JWT bearer assertion, and re-runs the grant when the session expires', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      let nowMs = Date.parse('2026-11-26T10:00:00Z');
      const strict = createSandbox({ strictAuth: true, tokenTtlMs: 60_000, now: () => new Date(nowMs), jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      const server = await strict.listen(0);
      try {
        const lax = await connectSalesforce({ kind: 'clientCredentials', loginUrl: server.url, clientId: 'c', clientSecret: 's' });
        const userId = lax.userInfo!.id;
        const [user] = (await lax.query<{ Username: string }>(`SELECT Username FROM User WHERE Id = '${userId}'`)).records;
        const connected = await connectSalesforce({
          kind: 'jwt',
          loginUrl: server.url,
          clientId: 'casebridge',
          username: user!.Username,
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        });
        const system = createSalesforceCaseSystem({ connection: connected });
        assert.equal(await system.getIntegrationUserId(), userId);
        const tokenBefore = connected.accessToken;
        nowMs += 120_000;
        assert.deepEqual(await system.getCases(['500Dn00000zzzzz'], ['Subject']), []);
        assert.notEqual(connected.accessToken, tokenBefore);
        const stats = strict.stats.snapshot().salesforce;
        assert.ok(stats.rejected >= 1, 'the expired token was refused once before the refresh');
      } finally {
        await server.close();
      }
    });

    it('fails to connect with a refused grant as a permanent ApiError', async () => {
      const strict = createSandbox({ clientCredentials: { clientId: 'right', clientSecret: 'right' } });
      const server = await strict.listen(0);
      try {
        const error = await connectSalesforce({ kind: 'clientCredentials', loginUrl: server.url, clientId: 'right', clientSecret: 'wrong' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error instanceof ApiError && !error.transient, String(error));
        assert.equal(error.code, 'OAUTH_INVALID_CLIENT');
      } finally {
        await server.close();
      }
    });
  });
});

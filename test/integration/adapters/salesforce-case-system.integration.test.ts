import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Connection } from 'jsforce';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../../src/sandbox/server.js';
import { connectSalesforce, createSalesforceCaseSystem, buildEqualsCondition } from '../../../src/adapters/salesforce/index.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import type { CaseRecord } from '../../../src/domain/sync/records.js';
import { ApiError, ConfigurationProblemError, InvalidInputError, isRateLimitError } from '../../../src/errors.js';
import { createRequestRetry } from '../../../src/engine/retry.js';
import { HOSTILE_TEXTS, getStats, putFaults } from './adapter-test-helpers.js';

const FIELDS = ['Subject', 'Status', 'Jira_Key__c', 'Escalate_to_Jira__c'];

describe('Salesforce adapter against the sandbox (jsforce over loopback)', function () {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let connection: Connection;
  let cases: CaseSystem;
  /** The same adapter with a request retry of 4 attempts that does not sleep. */
  let retrying: CaseSystem;

  before(async () => {
    sandbox = createSandbox();
    running = await sandbox.listen(0);
    connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'integration-token' });
    cases = createSalesforceCaseSystem({ connection, pageSize: 200 });
    const retry = createRequestRetry({ maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 }, { sleep: async () => undefined });
    retrying = createSalesforceCaseSystem({ connection, pageSize: 200, retry });
  });
  after(async () => running.close());
  beforeEach(() => sandbox.reset({ seed: 0 }));

  /** Creates cases through the REST API (test set-up, not the adapter). */
  async function givenCases(count: number, subject = (i: number) => `Case ${i}`): Promise<string[]> {
    const records = Array.from({ length: count }, (_, i) => ({ Subject: subject(i), Origin: 'Web' }));
    const results = await connection.sobject('Case').create(records, { allOrNone: true, allowRecursive: true });
    return results.map((r) => {
      assert.ok(r.success, JSON.stringify(r));
      return r.id;
    });
  }

  async function collect(pages: AsyncIterable<CaseRecord[]>): Promise<CaseRecord[][]> {
    const all: CaseRecord[][] = [];
    for await (const page of pages) all.push(page);
    return all;
  }

  it('pages changed cases through nextRecordsUrl, oldest first, with the bookkeeping fields', async () => {
    const ids = await givenCases(450);
    const pages = await collect(cases.listChangedCases(new Date(Date.now() - 3_600_000), FIELDS));
    assert.deepEqual(
      pages.map((p) => p.length),
      [200, 200, 50],
    );
    const all = pages.flat();
    assert.deepEqual(new Set(all.map((c) => c.id)), new Set(ids));
    const stamps = all.map((c) => c.systemModstamp);
    assert.deepEqual(stamps, [...stamps].sort());
    assert.match(all[0]!.systemModstamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.match(all[0]!.lastModifiedById, /^005/);
    assert.deepEqual(Object.keys(all[0]!.fields), FIELDS);
    const calls = (await getStats(running.url)).salesforce.calls;
    assert.equal(calls['GET /services/data/v62.0/query'], 1);
    assert.equal(calls['GET /services/data/v62.0/query/:locator'], 2);
  });

  it('lists only cases changed since the cursor', async () => {
    const [first] = await givenCases(3);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cursor = new Date();
    const outcomes = await cases.updateCases([{ id: first!, fields: { Status: 'Working' } }]);
    assert.ok(outcomes[0]!.ok);
    const changed = (await collect(cases.listChangedCases(cursor, ['Status']))).flat();
    assert.deepEqual(
      changed.map((c) => [c.id, c.fields.Status]),
      [[first, 'Working']],
    );
  });

  it('reads any number of cases by id in queries of 200, skipping unknown ids', async () => {
    const ids = await givenCases(450);
    const unknown = '500Dn00000zzzzz';
    const found = await cases.getCases([...ids, unknown, ids[0]!], FIELDS);
    assert.equal(found.length, 450);
    assert.deepEqual(new Set(found.map((c) => c.fields.Subject)), new Set(ids.map((_, i) => `Case ${i}`)));
    assert.equal((await getStats(running.url)).salesforce.calls['GET /services/data/v62.0/query'], 3);
    await assert.rejects(cases.getCases(["500' OR Id != null"], FIELDS), InvalidInputError);
  });

  it('updates 250 cases in 2 collections calls, with per-record failures as values in input order', async () => {
    const ids = await givenCases(250);
    const updates = ids.map((id, i) => ({ id, fields: { Jira_Key__c: i === 7 ? 'not a key' : `PAY-${i + 1}`, Jira_Status__c: 'To Do' } }));
    updates.splice(3, 0, { id: 'bogus', fields: { Jira_Key__c: 'PAY-9999', Jira_Status__c: 'To Do' } });
    const outcomes = await cases.updateCases(updates);
    assert.equal(outcomes.length, 251);
    assert.deepEqual(outcomes[3], { ok: false, error: { code: 'MALFORMED_ID', message: 'Id "bogus" is not a 15- or 18-character Salesforce id', fields: ['Id'] } });
    const bad = outcomes[8]!;
    assert.ok(!bad.ok && bad.error.code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' && bad.error.fields?.includes('Jira_Key__c'), JSON.stringify(bad));
    assert.equal(outcomes.filter((o) => o.ok).length, 249);
    assert.deepEqual(outcomes[0], { ok: true, value: { id: ids[0] } });
    assert.equal((await getStats(running.url)).salesforce.calls['PATCH /services/data/v62.0/composite/sobjects'], 2);
    const [reread] = await cases.getCases([ids[9]!], ['Jira_Key__c']);
    assert.equal(reread!.fields.Jira_Key__c, 'PAY-10');
  });

  it('round-trips hostile subjects through update, getCases and the change feed, and never breaks a query', async () => {
    const ids = await givenCases(HOSTILE_TEXTS.length);
    const since = new Date(Date.now() - 60_000);
    const outcomes = await cases.updateCases(ids.map((id, i) => ({ id, fields: { Subject: HOSTILE_TEXTS[i] } })));
    assert.ok(
      outcomes.every((o) => o.ok),
      JSON.stringify(outcomes),
    );
    const read = await cases.getCases(ids, ['Subject']);
    assert.deepEqual(new Map(read.map((c) => [c.id, c.fields.Subject])), new Map(ids.map((id, i) => [id, HOSTILE_TEXTS[i]])));
    const changed = (await collect(cases.listChangedCases(since, ['Subject']))).flat();
    assert.deepEqual(changed.map((c) => c.fields.Subject).sort(), [...HOSTILE_TEXTS].sort());
    for (const [i, text] of HOSTILE_TEXTS.entries()) {
      const result = await connection.query<{ Id: string }>(`SELECT Id FROM Case WHERE ${buildEqualsCondition('Subject', text)}`);
      assert.deepEqual(
        result.records.map((r) => r.Id),
        [ids[i]],
        `query by subject ${JSON.stringify(text)}`,
      );
    }
  });

  it('creates and lists case comments, oldest first, with failures as values', async () => {
    const [a, b] = await givenCases(2);
    const outcomes = await cases.createComments([
      { caseId: a!, body: 'Public "update" \\ 🚕', isPublished: true },
      { caseId: 'nope', body: 'x', isPublished: true },
      { caseId: b!, body: 'internal note\nsecond line', isPublished: false },
      { caseId: a!, body: 'Второй комментарий', isPublished: false },
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, false, true, true],
    );
    const comments = await cases.listComments([a!, b!]);
    assert.deepEqual(
      comments.map((c) => [c.caseId, c.body, c.isPublished]),
      [
        [a, 'Public "update" \\ 🚕', true],
        [b, 'internal note\nsecond line', false],
        [a, 'Второй комментарий', false],
      ],
    );
    assert.ok(comments.every((c) => outcomes.some((o) => o.ok && o.value.id === c.id) && /^005/.test(c.createdById)));
  });

  describe('per-record and per-request faults, with the request retry', () => {
    const PATCH = 'PATCH /services/data/v62.0/composite/sobjects';

    it('sends locked records (UNABLE_TO_LOCK_ROW) again alone until they are saved', async () => {
      const ids = await givenCases(250);
      await putFaults(running.url, { seed: 4, salesforceRecords: { unableToLockRowRate: 0.2 } });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      assert.equal(outcomes.filter((o) => o.ok).length, 250, JSON.stringify(outcomes.find((o) => !o.ok)));
      const calls = (await getStats(running.url)).salesforce.calls[PATCH] ?? 0;
      assert.ok(calls > 2 && calls <= 2 * 4, `2 collections, then only the locked records again (${calls} calls)`);
      await putFaults(running.url, { rules: [] });
      const reread = await cases.getCases(ids, ['Status']);
      assert.ok(reread.every((c) => c.fields.Status === 'Working'));
    });

    it('answers refused for now for records still locked after the retries', async () => {
      const ids = await givenCases(3);
      await putFaults(running.url, { salesforceRecords: { unableToLockRowRate: 1 } });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      for (const outcome of outcomes) assert.ok(!outcome.ok && outcome.error.code === 'UNABLE_TO_LOCK_ROW' && outcome.error.disposition === 'refusedForNow', JSON.stringify(outcome));
      assert.equal((await getStats(running.url)).salesforce.calls[PATCH], 4);
    });

    it('reports a field the org lacks once, as a configuration problem naming the field', async () => {
      const ids = await givenCases(250);
      const error = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working', Not_In_This_Org__c: 'x' } }))).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigurationProblemError, String(error));
      assert.deepEqual(error.fields, ['Not_In_This_Org__c']);
      assert.match(error.message, /Not_In_This_Org__c/);
      assert.equal((await getStats(running.url)).salesforce.calls[PATCH], 1, 'one request, not retried, and no second collection');
    });

    it('keeps the collections a rate limit refused for later and sends no later one; earlier ones stay saved', async () => {
      const ids = await givenCases(450);
      // Seed 13 at 40 %: the first request passes, the next four are refused.
      await putFaults(running.url, { seed: 13, rules: [{ system: 'salesforce', route: PATCH, errorRate: 0.4, status: 429, retryAfterSeconds: 1 }] });
      const outcomes = await retrying.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } })));
      assert.ok(
        outcomes.slice(0, 200).every((o) => o.ok),
        'the first collection is saved',
      );
      for (const outcome of outcomes.slice(200)) assert.ok(!outcome.ok && outcome.error.disposition === 'refusedForNow' && outcome.error.retryAfterMs === 1000, JSON.stringify(outcome));
      const stats = (await getStats(running.url)).salesforce;
      assert.equal(stats.calls[PATCH], 1);
      assert.equal(stats.rejectedCalls[PATCH], 4, 'the refused collection tried 4 times; the third never sent');
    });

    it('answers outcome unknown for comments whose collection got no answer, sent once', async () => {
      const [id] = await givenCases(1);
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'POST /services/data/v62.0/composite/sobjects', dropRate: 1 }] });
      const [outcome] = await retrying.createComments([{ caseId: id!, body: 'hello', isPublished: true }]);
      assert.ok(outcome && !outcome.ok && outcome.error.disposition === 'unknown', JSON.stringify(outcome));
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });
  });

  describe('whole-call failures', () => {
    it('maps REQUEST_LIMIT_EXCEEDED to a transient rate-limit ApiError', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', errorRate: 1, status: 'REQUEST_LIMIT_EXCEEDED' }] });
      const error = await collect(cases.listChangedCases(new Date(0), FIELDS)).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError, String(error));
      assert.ok(isRateLimitError(error) && error.transient && error.system === 'salesforce');
      assert.equal(error.code, 'REQUEST_LIMIT_EXCEEDED');
      assert.equal(error.status, 403);
    });

    it('maps a 503 with Retry-After on a collections call, without retrying it', async () => {
      const ids = await givenCases(2);
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'PATCH *', errorRate: 1, status: 503, retryAfterSeconds: 7 }] });
      const error = await cases.updateCases(ids.map((id) => ({ id, fields: { Status: 'Working' } }))).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && error.transient, String(error));
      assert.equal(error.status, 503);
      assert.equal(error.code, 'SERVER_UNAVAILABLE');
      assert.equal(error.retryAfterMs, 7000);
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });

    it('maps a 429 on a query to a rate-limit ApiError with retryAfterMs, and jsforce does not retry the GET', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', errorRate: 1, status: 429, retryAfterSeconds: 2 }] });
      const error = await cases.getCases(['500Dn00000zzzzz'], FIELDS).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && isRateLimitError(error) && error.transient, String(error));
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 2000);
      assert.equal((await getStats(running.url)).salesforce.rejected, 1);
    });

    it('maps a dropped connection to a transient ApiError with status 0', async () => {
      await putFaults(running.url, { rules: [{ system: 'salesforce', route: 'GET *query*', dropRate: 1 }] });
      const error = await cases.listComments(['500Dn00000zzzzz']).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ApiError && error.transient, String(error));
      assert.equal(error.status, 0);
      assert.match(error.code, /^E[A-Z_]+$|NETWORK_ERROR/);
    });

    it('maps a query naming a field the org lacks (INVALID_FIELD) to a configuration problem naming the field', async () => {
      const error = await cases.getCases(['500Dn00000zzzzz'], ['No_Such_Field__c']).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigurationProblemError, String(error));
      assert.deepEqual(error.fields, ['No_Such_Field__c']);
      assert.ok(error.cause instanceof ApiError && !error.cause.transient && error.cause.status === 400 && error.cause.code === 'INVALID_FIELD');
    });
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

/**
 * The Salesforce adapter's reads and writes against the sandbox: the change feed pages through
 * nextRecordsUrl oldest first from a cursor, getCases reads by id in queries of 200, updateCases
 * sends collections of 200 with per-record failures as values, hostile subjects round-trip and never
 * break a query, and case comments are created and listed oldest first.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import type { RunningSandbox } from '../../../src/sandbox/server.js';
import { buildEqualsCondition } from '../../../src/adapters/salesforce/index.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { InvalidInputError } from '../../../src/errors.js';
import { HOSTILE_TEXTS, getStats } from './adapter-test-helpers.js';
import { FIELDS, collect, useSalesforceAdapterRig } from './salesforce-case-system-rig.js';

describe('Salesforce adapter against the sandbox (jsforce over loopback): reads and writes', function () {
  const rig = useSalesforceAdapterRig();
  const { givenCases } = rig;
  let running: RunningSandbox;
  let connection: Connection;
  let cases: CaseSystem;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ running, connection, cases } = rig);
  });

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
});

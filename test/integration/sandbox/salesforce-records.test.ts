/**
 * Records through jsforce: CRUD, sObject Collections with partial failure and allOrNone rollback,
 * validation error shapes, audit fields, describe, and the API usage header and /limits.
 */
import assert from 'node:assert/strict';
import { assertRejectsWithCode, givenManualClock, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

describe('sandbox Salesforce records (jsforce)', () => {
  let started: StartedSandbox;
  const clock = givenManualClock('2026-04-01T08:00:00.000Z');

  before(async () => {
    started = await givenRunningSandbox({ seed: 20, now: clock.now });
  });
  after(async () => {
    await started.running.close();
  });

  it('creates, reads, updates and deletes a case with millisecond audit fields by the integration user', async () => {
    const conn = started.connect();
    const integrationUserId = started.sandbox.salesforce.people().integrationUserId;
    clock.set('2026-04-01T08:00:00.123Z');
    const created = await conn.sobject('Case').create({ Subject: 'Driver app freezes', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true });
    assert.equal(created.success, true);
    const id = created.id as string;
    const fresh = (await conn.sobject('Case').retrieve(id)) as unknown as Record<string, unknown>;
    assert.equal(fresh.Status, 'New');
    assert.match(String(fresh.CaseNumber), /^\d{8}$/);
    assert.equal(fresh.CreatedDate, '2026-04-01T08:00:00.123+0000');
    assert.equal(fresh.CreatedById, integrationUserId);
    assert.equal(fresh.IsClosed, false);

    clock.set('2026-04-01T09:30:00.456Z');
    await conn.sobject('Case').update({ Id: id, Status: 'Closed', Jira_Key__c: 'SUP-42', Jira_Last_Updated__c: '2026-04-01T09:29:59.999Z' });
    const closed = (await conn.sobject('Case').retrieve(id)) as unknown as Record<string, unknown>;
    assert.equal(closed.SystemModstamp, '2026-04-01T09:30:00.456+0000');
    assert.equal(closed.LastModifiedDate, '2026-04-01T09:30:00.456+0000');
    assert.equal(closed.LastModifiedById, integrationUserId);
    assert.equal(closed.IsClosed, true);
    assert.equal(closed.ClosedDate, '2026-04-01T09:30:00.456+0000');
    assert.equal(closed.Jira_Last_Updated__c, '2026-04-01T09:29:59.999+0000');

    await conn.sobject('Case').destroy(id);
    await assertRejectsWithCode(conn.sobject('Case').retrieve(id), 'NOT_FOUND');
  });

  it('retrieves many records by id and tells jsforce who it is (identity)', async () => {
    const conn = started.connect();
    const ids = (await conn.query<{ Id: string }>('SELECT Id FROM Case ORDER BY CaseNumber LIMIT 2')).records.map((r) => r.Id);
    const many = await conn.sobject('Case').retrieve(ids);
    assert.deepEqual(
      many.map((r) => (r as { Id?: string }).Id),
      ids,
    );
    const identity = await conn.identity();
    assert.equal(identity.user_id, started.sandbox.salesforce.people().integrationUserId);
    assert.equal(identity.username, 'casebridge@integration.example');
  });

  it('lists updated and deleted ids in a window (replication API)', async () => {
    const conn = started.connect();
    clock.set('2026-04-02T10:00:00.000Z');
    const changed = await conn.sobject('Case').create({ Subject: 'replicated' });
    const removed = await conn.sobject('Case').create({ Subject: 'removed' });
    clock.set('2026-04-02T10:05:00.000Z');
    await conn.sobject('Case').destroy(removed.id as string);
    const updated = await conn.sobject('Case').updated('2026-04-02T09:59:00Z', '2026-04-02T10:01:00Z');
    // The deleted record is reported by deleted(), not updated().
    assert.deepEqual(updated.ids, [changed.id]);
    const deleted = await conn.sobject('Case').deleted('2026-04-02T10:04:00Z', '2026-04-02T10:06:00Z');
    assert.deepEqual(
      deleted.deletedRecords.map((d) => d.id),
      [removed.id],
    );
  });

  it('refuses bad values with the documented error codes and shape', async () => {
    const conn = started.connect();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ Subject: 'x', Nope__c: 1 }, 'INVALID_FIELD', 'Nope__c'],
      [{ Subject: 'x', Jira_Key__c: 'not a key' }, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Jira_Key__c'],
      // A value the JSON parser cannot read into the field's type fails before validation, naming the value.
      [{ Subject: 'x', Escalate_to_Jira__c: 'maybe' }, 'JSON_PARSER_ERROR', 'boolean from VALUE_STRING value maybe'],
      [{ Subject: 'x', SLA_Due__c: 'tomorrow' }, 'JSON_PARSER_ERROR', 'datetime from VALUE_STRING value tomorrow'],
      [{ Subject: 'x', Status: 'Sleeping' }, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Status'],
      [{ Subject: 'x', Jira_Status__c: 'y'.repeat(81) }, 'STRING_TOO_LONG', 'Jira_Status__c'],
      [{ Subject: 'x', CaseNumber: '1' }, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'CaseNumber'],
    ];
    for (const [body, code, field] of cases) {
      const response = await started.call('POST', '/services/data/v62.0/sobjects/Case', body, { authorization: 'Bearer x' });
      assert.equal(response.status, 400, `${code} status`);
      const [error] = response.body as { errorCode: string; message: string; fields?: string[] }[];
      assert.equal(error?.errorCode, code);
      assert.equal(typeof error?.message, 'string');
      if (code !== 'INVALID_FIELD' && code !== 'JSON_PARSER_ERROR') assert.deepEqual(error?.fields, [field]);
      else assert.match(String(error?.message), new RegExp(field));
    }
    await assertRejectsWithCode(conn.sobject('Case').create({ Subject: 'x', Topic__c: 'weather' }), 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  it('creates and updates collections with per-record results when allOrNone is false', async () => {
    const conn = started.connect();
    const results = await conn.sobject('Case').create([{ Subject: 'good one' }, { Subject: 'bad one', Jira_Key__c: 'lowercase-1' }, { Subject: 'good two' }]);
    assert.deepEqual(
      results.map((r) => r.success),
      [true, false, true],
    );
    const failed = results[1] as { errors: { statusCode: string; fields: string[] }[] };
    assert.equal(failed.errors[0]?.statusCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.deepEqual(failed.errors[0]?.fields, ['Jira_Key__c']);
    const goodIds = results.filter((r) => r.success).map((r) => r.id as string);
    const updates = await conn.sobject('Case').update([
      { Id: goodIds[0] as string, Jira_Status__c: 'In Progress' },
      { Id: goodIds[1] as string, Priority: 'P9' },
    ]);
    assert.deepEqual(
      updates.map((r) => r.success),
      [true, false],
    );
    const check = await conn.query<{ Jira_Status__c: string | null }>(`SELECT Jira_Status__c FROM Case WHERE Id = '${goodIds[0]}'`);
    assert.equal(check.records[0]?.Jira_Status__c, 'In Progress');
  });

  it('rolls every record back when allOrNone is true and one fails', async () => {
    const conn = started.connect();
    const before = (await conn.query('SELECT COUNT() FROM Case')).totalSize;
    const results = await conn.sobject('Case').create([{ Subject: 'a' }, { Subject: 'b', Status: 'Nope' }, { Subject: 'c' }], { allOrNone: true });
    assert.deepEqual(
      results.map((r) => r.success),
      [false, false, false],
    );
    const codes = results.map((r) => (r as { errors: { statusCode: string }[] }).errors[0]?.statusCode);
    assert.deepEqual(codes, ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
    assert.equal((await conn.query('SELECT COUNT() FROM Case')).totalSize, before);

    const existing = (await conn.query<{ Id: string; Subject: string }>('SELECT Id, Subject FROM Case ORDER BY CaseNumber LIMIT 2')).records;
    const updates = await conn.sobject('Case').update(
      [
        { Id: existing[0]?.Id as string, Subject: 'changed' },
        { Id: existing[1]?.Id as string, Jira_Key__c: 'bad key' },
      ],
      { allOrNone: true },
    );
    assert.deepEqual(
      updates.map((r) => r.success),
      [false, false],
    );
    const after = (await conn.query<{ Subject: string }>(`SELECT Subject FROM Case WHERE Id = '${existing[0]?.Id}'`)).records[0];
    assert.equal(after?.Subject, existing[0]?.Subject);
  });

  it('refuses more than 200 records in one collections call', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Case' }, Subject: `n${i}` }));
    const response = await started.call('POST', '/services/data/v62.0/composite/sobjects', { allOrNone: false, records }, { authorization: 'Bearer x' });
    assert.equal(response.status, 400);
    assert.equal((response.body as { errorCode: string }[])[0]?.errorCode, 'EXCEEDED_ID_LIMIT');
  });

  it('describes Case with the custom fields, types and picklists', async () => {
    const describe = await started.connect().sobject('Case').describe();
    const byName = new Map(describe.fields.map((f) => [f.name, f]));
    assert.equal(byName.get('Jira_Key__c')?.type, 'string');
    assert.equal(byName.get('Jira_Key__c')?.length, 32);
    assert.equal(byName.get('Jira_URL__c')?.type, 'url');
    assert.equal(byName.get('SLA_Due__c')?.type, 'datetime');
    assert.deepEqual(
      byName.get('Priority')?.picklistValues?.map((p) => p.value),
      ['P1', 'P2', 'P3', 'P4'],
    );
    assert.deepEqual(
      byName.get('SLA_Status__c')?.picklistValues?.map((p) => p.value),
      ['met', 'breached', 'running', 'paused', 'at_risk'],
    );
    assert.equal(byName.get('IsClosed')?.updateable, false);
    const global = await started.connect().describeGlobal();
    assert.deepEqual(global.sobjects.map((s) => s.name).sort(), ['Account', 'Case', 'CaseComment', 'User']);
  });

  it('reports API usage in Sforce-Limit-Info and /limits', async () => {
    started.sandbox.faults.clearUsage();
    const conn = started.connect();
    await conn.query('SELECT Id FROM Case LIMIT 1');
    assert.deepEqual(conn.limitInfo.apiUsage, { used: 1, limit: 100_000 });
    const limits = await conn.limits();
    assert.equal(limits.DailyApiRequests?.Max, 100_000);
    assert.equal(limits.DailyApiRequests?.Remaining, 100_000 - 2);
    const raw = await started.call('GET', '/services/data/v62.0/limits', undefined, { authorization: 'Bearer x' });
    assert.equal(raw.headers.get('sforce-limit-info'), 'api-usage=3/100000');
  });
});

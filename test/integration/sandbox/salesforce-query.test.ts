/**
 * SOQL through the real jsforce client: paging with nextRecordsUrl and batchSize, queryAll with
 * deleted rows, WHERE semantics, ORDER BY/LIMIT/OFFSET, relationship fields, error shapes, and
 * hostile string literals.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertRejectsWithCode, givenManualClock, givenRunningSandbox, toSoqlLiteral, type StartedSandbox } from './salesforce-test-helpers.js';

const HOSTILE: string[] = JSON.parse(readFileSync(new URL('../../fixtures/salesforce/hostile-strings.json', import.meta.url), 'utf8')) as string[];

describe('sandbox Salesforce query (jsforce)', () => {
  let started: StartedSandbox;
  const clock = givenManualClock('2026-03-10T12:00:00.000Z');

  before(async () => {
    started = await givenRunningSandbox({ seed: 2100, randomSeed: 7, now: clock.now });
  });
  after(async () => {
    await started.running.close();
  });

  it('pages at 2,000 rows with nextRecordsUrl, and jsforce autoFetch follows it', async () => {
    const conn = started.connect();
    const first = await conn.query('SELECT Id FROM Case');
    assert.equal(first.totalSize, 2100);
    assert.equal(first.done, false);
    assert.equal(first.records.length, 2000);
    assert.match(String(first.nextRecordsUrl), /\/services\/data\/v62\.0\/query\/01g\w+-2000$/);
    const rest = await conn.queryMore(String(first.nextRecordsUrl));
    assert.equal(rest.done, true);
    assert.equal(rest.records.length, 100);
    const all = await conn.query('SELECT Id FROM Case', { autoFetch: true, maxFetch: 10_000 });
    assert.equal(all.records.length, 2100);
    assert.equal(new Set(all.records.map((r) => r.Id)).size, 2100);
  });

  it('honours Sforce-Query-Options batchSize', async () => {
    const page = await started.call('GET', `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Case LIMIT 450')}`, undefined, {
      authorization: 'Bearer x',
      'sforce-query-options': 'batchSize=200',
    });
    const body = page.body as { records: unknown[]; nextRecordsUrl: string; totalSize: number };
    assert.equal(body.records.length, 200);
    assert.equal(body.totalSize, 450);
    assert.match(body.nextRecordsUrl, /^\/services\/data\/v62\.0\/query\/01g\w+-200$/);
    const second = await started.call('GET', body.nextRecordsUrl, undefined, { authorization: 'Bearer x' });
    assert.equal((second.body as { records: unknown[] }).records.length, 200);
  });

  it('filters with AND/OR/NOT, parentheses, IN, LIKE and null like SOQL does', async () => {
    const conn = started.connect();
    const all = (
      await conn.query<{ Id: string; Status: string; Priority: string; Topic__c: string; Subject: string; ClosedDate: string | null }>(
        'SELECT Id, Status, Priority, Topic__c, Subject, ClosedDate FROM Case',
        { autoFetch: true, maxFetch: 10_000 },
      )
    ).records;
    const soql = "SELECT Id FROM Case WHERE (Status = 'New' OR Status = 'Escalated') AND NOT Priority IN ('P3', 'P4') AND Topic__c != null";
    const got = (await conn.query<{ Id: string }>(soql, { autoFetch: true, maxFetch: 10_000 })).records.map((r) => r.Id).sort();
    const expected = all
      .filter((c) => (c.Status === 'New' || c.Status === 'Escalated') && !['P3', 'P4'].includes(c.Priority) && c.Topic__c !== null)
      .map((c) => c.Id)
      .sort();
    assert.ok(expected.length > 10, 'the seed should contain matching cases');
    assert.deepEqual(got, expected);

    const like = (await conn.query<{ Subject: string }>("SELECT Subject FROM Case WHERE Subject LIKE '%twice%'", { autoFetch: true, maxFetch: 10_000 })).records;
    assert.equal(like.length, all.filter((c) => /twice/i.test(c.Subject)).length);
    assert.ok(like.length > 0);
    const openCount = (await conn.query('SELECT COUNT() FROM Case WHERE ClosedDate = null')).totalSize;
    assert.equal(openCount, all.filter((c) => c.ClosedDate === null).length);
  });

  it('compares datetimes with literals, date values and LAST_N_DAYS', async () => {
    const conn = started.connect();
    const rows = (await conn.query<{ Id: string; CreatedDate: string }>('SELECT Id, CreatedDate FROM Case', { autoFetch: true, maxFetch: 10_000 })).records;
    const createdMs = rows.map((r) => Date.parse(r.CreatedDate.replace('+0000', 'Z')));
    const nowMs = clock.now().getTime();
    const startOfToday = Date.UTC(2026, 2, 10);
    const lastSeven = createdMs.filter((ms) => ms >= startOfToday - 7 * 86_400_000).length;
    assert.equal((await conn.query('SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:7')).totalSize, lastSeven);
    assert.equal((await conn.query('SELECT COUNT() FROM Case WHERE CreatedDate > LAST_N_DAYS:7')).totalSize, lastSeven);
    const cutoff = '2026-03-01T00:00:00Z';
    assert.equal((await conn.query(`SELECT COUNT() FROM Case WHERE CreatedDate >= ${cutoff}`)).totalSize, createdMs.filter((ms) => ms >= Date.parse(cutoff)).length);
    assert.equal((await conn.query('SELECT COUNT() FROM Case WHERE CreatedDate = 2026-03-05')).totalSize, createdMs.filter((ms) => ms >= Date.UTC(2026, 2, 5) && ms < Date.UTC(2026, 2, 6)).length);
    assert.ok(createdMs.every((ms) => ms <= nowMs));
  });

  it('orders, limits, offsets and reads relationship fields', async () => {
    const conn = started.connect();
    const page = await conn.query<{ CaseNumber: string; Account: { Name: string } | null }>('SELECT CaseNumber, Account.Name FROM Case ORDER BY CaseNumber DESC LIMIT 5 OFFSET 10');
    assert.deepEqual(
      page.records.map((r) => r.CaseNumber),
      ['00003090', '00003089', '00003088', '00003087', '00003086'],
    );
    for (const record of page.records) assert.equal(typeof record.Account?.Name, 'string');
    const byName = await conn.query<{ Account: { Name: string } }>("SELECT Id, Account.Name FROM Case WHERE Account.Name = 'Volga Freight' LIMIT 3");
    assert.ok(byName.records.length > 0);
    for (const record of byName.records) assert.equal(record.Account.Name, 'Volga Freight');
  });

  it('expands FIELDS(CUSTOM) and refuses it without a small LIMIT', async () => {
    const conn = started.connect();
    const rows = await conn.query<Record<string, unknown>>('SELECT FIELDS(CUSTOM) FROM Case LIMIT 2');
    const keys = Object.keys(rows.records[0] ?? {}).filter((k) => k !== 'attributes');
    assert.ok(keys.length > 10 && keys.every((k) => k.endsWith('__c')), keys.join(','));
    await assertRejectsWithCode(conn.query('SELECT FIELDS(ALL) FROM Case'), 'MALFORMED_QUERY');
  });

  it('answers MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE in the Salesforce error shape', async () => {
    const conn = started.connect();
    await assertRejectsWithCode(conn.query('SELECT Id FROM Case WHERE'), 'MALFORMED_QUERY');
    await assertRejectsWithCode(conn.query('SELECT Nope__c FROM Case'), 'INVALID_FIELD', /Nope__c/);
    await assertRejectsWithCode(conn.query("SELECT Id FROM Case WHERE Nope__c = 'x'"), 'INVALID_FIELD');
    await assertRejectsWithCode(conn.query('SELECT Id FROM Opportunity'), 'INVALID_TYPE');
    // SOQL has no AND/OR precedence: mixing them on one level is refused, not guessed.
    await assertRejectsWithCode(conn.query("SELECT Id FROM Case WHERE Status = 'New' AND Priority = 'P1' OR Priority = 'P2'"), 'MALFORMED_QUERY');
    await assertRejectsWithCode(conn.query("SELECT Id FROM Case WHERE IsClosed = 'true'"), 'INVALID_QUERY_FILTER_OPERATOR');
    // Long text areas cannot be filtered or sorted in a real org either.
    await assertRejectsWithCode(conn.query("SELECT Id FROM Case WHERE Description LIKE '%refund%'"), 'INVALID_FIELD', /can not be filtered/);
    await assertRejectsWithCode(conn.query('SELECT Id FROM Case ORDER BY Description'), 'INVALID_FIELD', /can not be sorted/);
    const raw = await started.call('GET', `/services/data/v62.0/query?q=${encodeURIComponent('SELECT FROM')}`, undefined, { authorization: 'Bearer x' });
    assert.equal(raw.status, 400);
    const [error] = raw.body as { errorCode: string; message: string }[];
    assert.equal(error?.errorCode, 'MALFORMED_QUERY');
    assert.equal(typeof error?.message, 'string');
  });

  it('queryAll includes soft-deleted records, query does not', async () => {
    const conn = started.connect();
    const created = await conn.sobject('Case').create({ Subject: 'to be deleted', Status: 'New' });
    assert.ok(created.success);
    await conn.sobject('Case').destroy(created.id);
    const soql = `SELECT Id, IsDeleted FROM Case WHERE Id = '${created.id}'`;
    assert.equal((await conn.query(soql)).totalSize, 0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(soql, { scanAll: true });
    assert.equal(all.totalSize, 1);
    assert.equal(all.records[0]?.IsDeleted, true);
  });

  it('parses hostile string literals exactly (quotes, backslashes, SOQL syntax, Hebrew, Russian, emoji)', async () => {
    const conn = started.connect();
    const ids = new Map<string, string>();
    for (const value of HOSTILE) {
      const result = await conn.sobject('Case').create({ Subject: value, Description: value });
      ids.set(value, result.id as string);
    }
    for (const value of HOSTILE) {
      const found = await conn.query<{ Id: string; Subject: string }>(`SELECT Id, Subject FROM Case WHERE Subject = ${toSoqlLiteral(value)}`);
      assert.deepEqual(
        found.records.map((r) => r.Id),
        [ids.get(value)],
        `exact match for ${JSON.stringify(value)}`,
      );
      assert.equal(found.records[0]?.Subject, value);
    }
    const percent = await conn.query<{ Subject: string }>("SELECT Subject FROM Case WHERE Subject LIKE '100\\% of the\\_%'");
    assert.deepEqual(
      percent.records.map((r) => r.Subject),
      ['100% of the_rides'],
    );
    await assertRejectsWithCode(conn.query("SELECT Id FROM Case WHERE Subject = 'bad \\q escape'"), 'MALFORMED_QUERY');
  });
});

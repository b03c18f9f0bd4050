/**
 * Bulk API 2.0 query jobs on the emulator over HTTP: jsforce's own `bulk2.query()` reads a one-set job;
 * results in `maxRecords` sets behind `Sforce-Locator` ("null" on the last) with `Sforce-NumberOfRecords`,
 * 412 before the job completes, 409 on another API version, abort and delete.
 */
import assert from 'node:assert/strict';
import { givenManualClock, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const AUTH = { authorization: 'Bearer x', 'content-type': 'application/json' };

describe('sandbox Salesforce Bulk API 2.0 query jobs', function () {
  this.timeout(30_000);
  let started: StartedSandbox;
  before(async () => {
    started = await givenRunningSandbox({ seed: 250, randomSeed: 7, now: givenManualClock('2026-03-10T12:00:00.000Z').now });
  });
  after(() => started.running.close());

  const create = async (query: string, version = '62.0') => {
    const res = await fetch(`${started.running.url}/services/data/v${version}/jobs/query`, { method: 'POST', headers: AUTH, body: JSON.stringify({ operation: 'query', query }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = (path: string) => fetch(`${started.running.url}${path}`, { headers: AUTH });

  it('jsforce bulk2.query() streams the records of a job (relationship columns dotted, null as "")', async () => {
    const conn = started.connect();
    conn.bulk2.pollInterval = 10;
    const rows: Array<Record<string, string>> = [];
    for await (const row of await conn.bulk2.query('SELECT Id, CaseNumber, ClosedDate, Account.Name FROM Case')) rows.push(row as Record<string, string>);
    assert.equal(rows.length, 250);
    assert.equal(new Set(rows.map((r) => r.Id)).size, 250);
    assert.ok(rows.some((r) => r.ClosedDate === '' && r['Account.Name'] !== ''));
  });

  it('pages results by maxRecords behind opaque locators, "null" after the last set', async () => {
    const job = await create('SELECT Id, CreatedDate FROM Case');
    assert.equal(job.body.state, 'UploadComplete');
    const id = String(job.body.id);
    assert.equal((await get(`/services/data/v62.0/jobs/query/${id}/results`)).status, 412, 'not complete yet');
    assert.equal(((await (await get(`/services/data/v62.0/jobs/query/${id}`)).json()) as { state: string }).state, 'InProgress');
    assert.equal(((await (await get(`/services/data/v62.0/jobs/query/${id}`)).json()) as { state: string }).state, 'JobComplete');
    assert.equal((await get(`/services/data/v61.0/jobs/query/${id}/results`)).status, 409, 'another API version');
    const ids: string[] = [];
    const counts: number[] = [];
    let locator = '';
    do {
      const res = await get(`/services/data/v62.0/jobs/query/${id}/results?maxRecords=100${locator ? `&locator=${locator}` : ''}`);
      assert.equal(res.headers.get('content-type')?.split(';')[0], 'text/csv');
      const lines = (await res.text()).trimEnd().split('\n');
      assert.equal(lines[0], '"Id","CreatedDate"');
      assert.match(lines[1] ?? '', /^"500\w+","\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"$/);
      ids.push(...lines.slice(1).map((l) => l.split(',')[0]!));
      counts.push(Number(res.headers.get('sforce-numberofrecords')));
      locator = res.headers.get('sforce-locator') ?? 'missing';
    } while (locator !== 'null');
    assert.deepEqual(counts, [100, 100, 50]);
    assert.equal(new Set(ids).size, 250);
    const del = await fetch(`${started.running.url}/services/data/v62.0/jobs/query/${id}`, { method: 'DELETE', headers: AUTH });
    assert.equal(del.status, 204);
    assert.equal((await get(`/services/data/v62.0/jobs/query/${id}`)).status, 404);
  });

  it('refuses bad SOQL at create, aborts a running job and refuses to delete one still running', async () => {
    assert.equal((await create('SELEC Id FROM Case')).status, 400);
    assert.equal((await create('SELECT COUNT() FROM Case')).status, 400);
    const id = String((await create('SELECT Id FROM Case')).body.id);
    const refused = await fetch(`${started.running.url}/services/data/v62.0/jobs/query/${id}`, { method: 'DELETE', headers: AUTH });
    assert.equal(refused.status, 400);
    const aborted = await fetch(`${started.running.url}/services/data/v62.0/jobs/query/${id}`, { method: 'PATCH', headers: AUTH, body: JSON.stringify({ state: 'Aborted' }) });
    assert.equal(((await aborted.json()) as { state: string }).state, 'Aborted');
    assert.equal((await fetch(`${started.running.url}/services/data/v62.0/jobs/query/${id}`, { method: 'DELETE', headers: AUTH })).status, 204);
  });
});

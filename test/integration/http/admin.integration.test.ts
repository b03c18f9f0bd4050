import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../../src/http/app.js';
import { createAdminRouter } from '../../../src/http/admin.js';
import { createLogger } from '../../../src/logging.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

const TOKEN = 'admin-token-0123456789abcdef';

describe('admin API (HTTP on port 0, real requests)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let server: Server;
  let offServer: Server;
  let url: string;
  let offUrl: string;

  const listen = (token: string | undefined) =>
    new Promise<Server>((resolve) => {
      const app = createHttpApp({
        logger: createLogger({ level: 'silent' }),
        readiness: { check: async () => [] },
        mount: (http) =>
          http.use(createAdminRouter({ token, db: h.db.knex, enqueueCases: (ids) => h.engine.enqueueCases(ids), enqueueIssues: (keys) => h.engine.enqueueIssues(keys), stats: () => h.engine.stats })),
      });
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });

  before(async () => {
    h = await givenSyncHarness('admin_api');
    server = await listen(TOKEN);
    offServer = await listen(undefined);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    offUrl = `http://127.0.0.1:${(offServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    await new Promise((r) => offServer?.close(r));
    await h?.close();
  });

  const get = (path: string, token?: string, base = url) => fetch(`${base}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('is off without ADMIN_TOKEN and refuses missing or wrong tokens', async () => {
    assert.equal((await get('/admin/stats', TOKEN, offUrl)).status, 404);
    assert.equal((await get('/admin/stats')).status, 401);
    assert.equal((await get('/admin/stats', 'wrong')).status, 401);
    assert.equal((await get('/admin/stats', `${TOKEN}x`)).status, 401);
    const basic = await fetch(`${url}/admin/stats`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    assert.equal(basic.status, 401);
    const ok = await get('/admin/stats', TOKEN);
    assert.equal(ok.status, 200);
    assert.equal(typeof ((await ok.json()) as { created: number }).created, 'number');
  });

  it('shows links and lists and retries dead letters', async () => {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Receipt missing VAT', Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: 'payments_billing' },
    });
    const { id: badId } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Typed a wrong key', Status: 'Working', Priority: 'P3', Jira_Key__c: 'PAY-9999' } });
    await h.settle();
    const links = (await (await get(`/admin/links/${id}`, TOKEN)).json()) as { links: Array<{ issueKey: string }> };
    assert.match(links.links[0]!.issueKey, /^PAY-/);
    assert.equal((await get(`/admin/links/${links.links[0]!.issueKey}`, TOKEN)).status, 200);
    assert.equal((await get('/admin/links/500000000000000AAA', TOKEN)).status, 404);

    const letters = ((await (await get('/admin/dead-letters', TOKEN)).json()) as { deadLetters: Array<{ id: number; errorCode: string; payload: { caseIds: string[] } }> }).deadLetters;
    const letter = letters.find((l) => l.payload.caseIds.includes(badId))!;
    assert.equal(letter.errorCode, 'UNKNOWN_ISSUE_KEY');
    const retry = await fetch(`${url}/admin/dead-letters/${letter.id}/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(retry.status, 202);
    assert.deepEqual(((await retry.json()) as { caseIds: string[] }).caseIds, [badId]);
    const again = await fetch(`${url}/admin/dead-letters/${letter.id}/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(again.status, 404, 'a letter is retried once');
    const bad = await fetch(`${url}/admin/dead-letters/abc/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(bad.status, 400);
  });
});

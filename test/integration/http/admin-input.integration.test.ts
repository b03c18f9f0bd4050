/**
 * The admin API refuses inputs that cannot name a link before they reach PostgreSQL (a NUL byte
 * there is a 500 "invalid byte sequence"), with a 400 that says what was expected.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../../src/http/app.js';
import { createAdminRouter } from '../../../src/http/admin.js';
import { createLogger } from '../../../src/logging.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const TOKEN = 'admin-input-token-0123456789';

describe('admin API input checks (HTTP on port 0)', function () {
  this.timeout(30_000);
  let db: Database;
  let server: Server;
  let url: string;

  before(async () => {
    db = await givenMigratedDatabase('admin_input');
    const app = createHttpApp({
      logger: createLogger({ level: 'silent' }),
      readiness: { check: async () => [] },
      mount: (http) => http.use(createAdminRouter({ token: TOKEN, db: db.knex, enqueueCases: async () => undefined, enqueueIssues: async () => undefined, stats: () => ({}) })),
    });
    server = await new Promise<Server>((resolve) => {
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await dropTestDatabase(db);
  });

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };

  for (const raw of ['%00', 'DRV-1%00', '%00500000000000001AAA', '%E2%80%8B', 'x%27%20OR%201%3D1', 'ABC-0', `${'A'.repeat(300)}-1`]) {
    it(`answers 400 naming the problem for /admin/links/${raw.slice(0, 30)}`, async () => {
      const answer = await get(`/admin/links/${raw}`);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error?.code, 'INVALID_INPUT');
      assert.match(answer.body.error?.message ?? '', /neither a case id .* nor an issue key/);
    });
  }

  it('still answers 404 for a well-formed case id or issue key without a link', async () => {
    assert.equal((await get('/admin/links/500000000000001AAA')).status, 404);
    assert.equal((await get('/admin/links/MY_PROJ-12')).status, 404);
  });
});

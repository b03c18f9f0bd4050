/** `withCasesClaimed`: one pass per case at a time, hand-back of held cases, release on failure and on a killed process. */
import assert from 'node:assert/strict';
import knexFactory from 'knex';
import type { Database } from '../../../src/adapters/store/database.js';
import { closeClaimConnection } from '../../../src/adapters/store/case-pass-claims.js';
import { withCasesClaimed } from '../../../src/engine/pass-claims.js';
import { createLogger } from '../../../src/logging.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

describe('case pass claims', function () {
  this.timeout(60_000);
  let db: Database;
  const logger = createLogger({ level: 'silent' });
  before(async () => {
    db = await givenMigratedDatabase('case_pass_claims');
  });
  after(() => dropTestDatabase(db));

  it('runs the pass over the held cases only, hands back the contended ones, and releases after', async () => {
    let inner: { contended: string[]; seen?: string[] } | undefined;
    const outer = await withCasesClaimed({ db: db.knex, logger }, ['c1', 'c2'], async (held) => {
      const nested = await withCasesClaimed({ db: db.knex, logger }, ['c2', 'c3'], async (alsoHeld) => alsoHeld);
      inner = { contended: nested.contended, ...(nested.result ? { seen: nested.result } : {}) };
      return held;
    });
    assert.deepEqual(outer.result, ['c1', 'c2']);
    assert.deepEqual(inner, { contended: ['c2'], seen: ['c3'] });
    const after = await withCasesClaimed({ db: db.knex, logger }, ['c1', 'c2', 'c3'], async (held) => held);
    assert.deepEqual(after, { result: ['c1', 'c2', 'c3'], contended: [] }, 'every claim released');
  });

  it('releases the claims of a pass that failed', async () => {
    await assert.rejects(
      withCasesClaimed({ db: db.knex, logger }, ['c1'], async () => Promise.reject(new Error('Salesforce is down'))),
      /Salesforce is down/,
    );
    const again = await withCasesClaimed({ db: db.knex, logger }, ['c1'], async (held) => held);
    assert.deepEqual(again, { result: ['c1'], contended: [] });
  });

  it("keeps another process's passes out, and frees the cases the moment that process's connection dies", async function () {
    if (db.kind !== 'postgres') return this.skip(); // the embedded database has one process
    const other = knexFactory({ client: 'pg', connection: { connectionString: db.url, application_name: 'casebridge-pass-to-kill' }, searchPath: [db.schema], pool: { min: 0, max: 2 } });
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const otherPass = withCasesClaimed({ db: other, logger }, ['c1'], async () => {
      started();
      await running;
    });
    try {
      await holding;
      assert.deepEqual(await withCasesClaimed({ db: db.knex, logger }, ['c1', 'c2'], async (held) => held), { result: ['c2'], contended: ['c1'] });
      // The other process is killed: its claim connection closes, and PostgreSQL ends its locks with it.
      await db.knex.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'casebridge-pass-to-kill'`);
      assert.deepEqual(await withCasesClaimed({ db: db.knex, logger }, ['c1'], async (held) => held), { result: ['c1'], contended: [] });
    } finally {
      finish();
      await otherPass.catch(() => undefined);
      await closeClaimConnection(other);
      await other.destroy();
    }
  });
});

/** `case_pass_claims` and `withCasesClaimed`: one pass per case at a time, leases that lapse, release on failure. */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { claimCases } from '../../../src/adapters/store/case-pass-claims.js';
import { withCasesClaimed } from '../../../src/engine/pass-claims.js';
import { createLogger } from '../../../src/logging.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const PASS_A = '00000000-0000-4000-8000-00000000000a';
const PASS_B = '00000000-0000-4000-8000-00000000000b';

describe('case pass claims', function () {
  this.timeout(60_000);
  let db: Database;
  const logger = createLogger({ level: 'silent' });
  before(async () => {
    db = await givenMigratedDatabase('case_pass_claims');
  });
  after(() => dropTestDatabase(db));
  beforeEach(() => db.knex('case_pass_claims').delete());

  it('gives each case to one pass: the second pass gets only the cases the first does not hold', async () => {
    assert.deepEqual([...(await claimCases(db.knex, PASS_A, ['c1', 'c2'], 30_000))].sort(), ['c1', 'c2']);
    assert.deepEqual([...(await claimCases(db.knex, PASS_B, ['c2', 'c3'], 30_000))], ['c3']);
  });

  it('lets a pass take over a claim whose lease has run out (its process died)', async () => {
    await claimCases(db.knex, PASS_A, ['c1'], 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual([...(await claimCases(db.knex, PASS_B, ['c1'], 30_000))], ['c1']);
  });

  it('runs the pass over the held cases only, hands back the contended ones, and releases after', async () => {
    let inner: { contended: string[]; seen?: string[] } | undefined;
    const outer = await withCasesClaimed({ db: db.knex, logger }, ['c1', 'c2'], async (held) => {
      const nested = await withCasesClaimed({ db: db.knex, logger }, ['c2', 'c3'], async (alsoHeld) => alsoHeld);
      inner = { contended: nested.contended, ...(nested.result ? { seen: nested.result } : {}) };
      return held;
    });
    assert.deepEqual(outer.result, ['c1', 'c2']);
    assert.deepEqual(inner, { contended: ['c2'], seen: ['c3'] });
    assert.equal(
      await db
        .knex('case_pass_claims')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
      0,
      'every claim released',
    );
  });

  it('releases the claims of a pass that failed', async () => {
    await assert.rejects(
      withCasesClaimed({ db: db.knex, logger }, ['c1'], async () => Promise.reject(new Error('Salesforce is down'))),
      /Salesforce is down/,
    );
    const again = await withCasesClaimed({ db: db.knex, logger }, ['c1'], async (held) => held);
    assert.deepEqual(again, { result: ['c1'], contended: [] });
  });

  it('renews the lease while a pass runs longer than one lease', async () => {
    const leaseMs = 300;
    const slow = withCasesClaimed({ db: db.knex, logger }, ['c1'], () => new Promise((resolve) => setTimeout(() => resolve('done'), 3 * leaseMs)), leaseMs);
    await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
    assert.deepEqual([...(await claimCases(db.knex, PASS_B, ['c1'], 30_000))], [], 'still held after two leases');
    assert.equal((await slow).result, 'done');
  });
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { gateActiveKeys, isGateable } from '../../../src/engine/queue-fetch.js';

// The fetch SQL of the pg-boss actually installed (pinned 10.4.2), not a copy of it.
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { fetchNextJob(schema: string): (options: object) => string; insertJobs(schema: string): string };

describe('queue fetch gate (stately queues with several workers)', () => {
  it("applies to the installed pg-boss's fetch, with and without metadata", () => {
    for (const includeMetadata of [false, true]) {
      const sql = plans.fetchNextJob('t_x_pgboss')({ includeMetadata });
      assert.ok(isGateable(sql), 'the gate found its place in the fetch');
      const gated = gateActiveKeys(sql);
      assert.match(gated, /NOT EXISTS \(SELECT 1 FROM t_x_pgboss\.job running WHERE running\.name = \$1 AND running\.state = 'active' AND running\.singleton_key = job\.singleton_key\)/);
      // The gate sits in the selection, before its ORDER BY and lock.
      assert.ok(gated.indexOf('NOT EXISTS') < gated.indexOf('FOR UPDATE SKIP LOCKED'));
    }
  });

  it('leaves every other statement as it is', () => {
    const insert = plans.insertJobs('t_x_pgboss');
    assert.equal(gateActiveKeys(insert), insert);
    assert.equal(gateActiveKeys('SELECT 1'), 'SELECT 1');
  });
});

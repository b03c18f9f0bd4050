/**
 * Processes of one deployment start together (a release restarts every dyno at once): each creates
 * and updates the same pg-boss queues. Without serialising that, PostgreSQL aborts some of them with
 * "deadlock detected" and the process exits at start (seen with five processes in the many-workers test).
 */
import assert from 'node:assert/strict';
import type PgBoss from 'pg-boss';
import type { Database } from '../../../src/adapters/store/database.js';
import { QUEUES, startQueue } from '../../../src/engine/queue.js';
import { dropTestDatabase, givenMigratedDatabase, testDatabaseUrl } from '../../helpers/database.js';

describe('queue setup by several processes at once (PostgreSQL)', function () {
  this.timeout(120_000);
  let db: Database | undefined;
  const bosses: PgBoss[] = [];

  before(async function () {
    if (!testDatabaseUrl()) return this.skip();
    db = await givenMigratedDatabase('queue_setup');
  });
  after(async () => {
    for (const boss of bosses) await boss.stop({ graceful: false, wait: true });
    await dropTestDatabase(db);
  });

  it('six queue starts at once, four times over on one schema, all succeed, and the queues name their dead-letter queue', async () => {
    // Each start has its own pg-boss pool, as separate processes do. The first round creates the
    // queues, the later ones update them (a restart); a deadlock shows in most rounds without the lock.
    for (let round = 0; round < 4; round++) {
      const started = await Promise.allSettled(Array.from({ length: 6 }, () => startQueue(db!)));
      for (const result of started) if (result.status === 'fulfilled') bosses.push(result.value);
      const failures = started.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
      assert.deepEqual(failures, [], `no start failed (round ${round + 1})`);
    }
    const queue = (await bosses[0]!.getQueue(QUEUES.caseChanged)) as { deadLetter?: string; policy?: string } | null;
    assert.equal(queue?.policy, 'stately');
    assert.equal(queue?.deadLetter, 'sync-expired');
  });
});

/**
 * A second change to a record while its job runs must not stall the queue for every other worker:
 * with case A active, a fetch of [A again, B] hands out B (pg-boss 10 alone hands out nothing).
 */
import assert from 'node:assert/strict';
import type PgBoss from 'pg-boss';
import { QUEUES, startQueue } from '../../../src/engine/queue.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

describe('queue fetch with a record active in another worker', function () {
  this.timeout(60_000);
  let db: Database;
  let boss: PgBoss;

  before(async () => {
    db = await givenMigratedDatabase('queue_fetch');
    boss = await startQueue(db);
  });

  after(async () => {
    await boss?.stop({ graceful: false, wait: true });
    if (db?.kind === 'postgres') await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}_pgboss" CASCADE`);
    await dropTestDatabase(db);
  });

  it('skips the active record and hands out the others; the record follows once its job is done', async () => {
    const queue = QUEUES.caseChanged;
    const job = (caseId: string) => ({ name: queue, data: { caseId }, singletonKey: caseId });
    await boss.insert([job('A')]);
    const first = await boss.fetch<{ caseId: string }>(queue, { batchSize: 10 });
    assert.deepEqual(
      first?.map((j) => j.data.caseId),
      ['A'],
    );
    await boss.insert([job('A'), job('B'), job('C')]);
    const second = await boss.fetch<{ caseId: string }>(queue, { batchSize: 10 });
    assert.deepEqual(second?.map((j) => j.data.caseId).sort(), ['B', 'C'], 'the other cases go to this worker at once');
    await boss.complete(
      queue,
      [...first!, ...second!].map((j) => j.id),
    );
    const third = await boss.fetch<{ caseId: string }>(queue, { batchSize: 10 });
    assert.deepEqual(
      third?.map((j) => j.data.caseId),
      ['A'],
      "A's second job runs once the first is done",
    );
  });
});

/**
 * A sync job that runs past its expiry on its last attempt (a request that never answers, a worker
 * stopped mid-batch) is failed by pg-boss itself, without our handler seeing it. It must still end
 * as a dead letter naming the record, so nobody loses it; before, it vanished from the queue.
 */
import assert from 'node:assert/strict';
import type PgBoss from 'pg-boss';
import pino from 'pino';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import type { Database } from '../../../src/adapters/store/database.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { startExpiredJobsWorker } from '../../../src/engine/expired-jobs.js';
import { QUEUES, startQueue } from '../../../src/engine/queue.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

describe('a sync job that expires on its last attempt', function () {
  this.timeout(60_000);
  let db: Database;
  let boss: PgBoss;

  before(async () => {
    db = await givenMigratedDatabase('expired_job');
    await db.knex('tickets').insert({ case_id: '500Dn00000EXPIRE1', case_number: '00004242', created_at: new Date() });
    // No retry left after the first run, and a one-second expiry: the first expiry is the last attempt.
    boss = await startQueue(db, { expireInSeconds: 1, retryLimit: 0 });
  });
  after(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await dropTestDatabase(db);
  });

  it('becomes a dead letter naming the case by number, holding the record a retry hands back', async () => {
    const ctx = { db: db.knex, logger: pino({ level: 'silent' }) } as unknown as EngineContext;
    await boss.insert([{ name: QUEUES.caseChanged, data: { caseId: '500Dn00000EXPIRE1' }, singletonKey: '500Dn00000EXPIRE1' }]);
    // Taken by a worker that never finishes it (the one that hung or died).
    const taken = await boss.fetch(QUEUES.caseChanged);
    assert.equal(taken?.length, 1);
    await startExpiredJobsWorker(boss, ctx);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // pg-boss's maintenance, which `start` runs on a timer: the job is past its expiry.
    await boss.maintain();
    let letters = await listDeadLetters(db.knex);
    for (let waited = 0; letters.length === 0 && waited < 20_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      letters = await listDeadLetters(db.knex);
    }
    assert.equal(letters.length, 1, 'one dead letter for the expired job');
    const [letter] = letters;
    assert.equal(letter!.queue, QUEUES.caseChanged);
    assert.equal(letter!.errorCode, 'JOB_EXPIRED');
    assert.deepEqual(letter!.payload, { caseId: '500Dn00000EXPIRE1' });
    assert.match(letter!.errorMessage, /case 00004242/);
  });
});

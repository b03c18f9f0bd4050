/**
 * Queue wake-up: a worker polling only every 10 s picks a job up within a fraction of a second of its
 * insert, because the insert is announced. On PostgreSQL the announcement crosses connections (one
 * listener per process, NOTIFY through the pool) and survives the listener's connection being killed;
 * on PGlite the in-process wake-up does it.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { startQueue } from '../../../src/engine/queue.js';
import { createInProcessWakeup } from '../../../src/engine/queue-wakeup.js';
import type { QueueWakeup } from '../../../src/engine/queue-wakeup.js';
import { startPostgresWakeup } from '../../../src/engine/queue-wakeup-postgres.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { waitFor } from './cluster.js';

const POLL_SECONDS = 10;
const silent = { warn: () => undefined, info: () => undefined };

describe('queue wake-up', function () {
  this.timeout(60_000);
  let db: Database;
  let boss: PgBoss;
  const closers: Array<() => Promise<void>> = [];

  before(async () => {
    db = await givenMigratedDatabase('wakeup');
    boss = await startQueue(db);
  });

  after(async () => {
    for (const close of closers.reverse()) await close();
    await boss?.stop({ graceful: false, wait: true });
    if (db?.kind === 'postgres') await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}_pgboss" CASCADE`);
    await dropTestDatabase(db);
  });

  /** Starts a worker on a new queue woken by `listener`, and returns the pickup delay of each job `announcer` sends. */
  async function givenWorker(queue: string, listener: QueueWakeup): Promise<(announcer: QueueWakeup) => Promise<number>> {
    await boss.createQueue(queue);
    const pickedAt = new Map<string, number>();
    const workerId = await boss.work(queue, { pollingIntervalSeconds: POLL_SECONDS }, async (jobs) => {
      for (const job of jobs) pickedAt.set(job.id, Date.now());
    });
    closers.push(() => boss.offWork(queue));
    closers.push(async () => unsubscribe());
    const unsubscribe = listener.onWake(queue, () => boss.notifyWorker(workerId));
    // The worker's first fetch happens at once; from then on it sleeps a whole polling interval.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return async (announcer) => {
      const sentAt = Date.now();
      const id = (await boss.send(queue, {}))!;
      await announcer.announce(queue);
      await waitFor(() => pickedAt.has(id), POLL_SECONDS * 1000 + 5_000);
      return pickedAt.get(id)! - sentAt;
    };
  }

  it('picks a job up at once, not at the next poll (in-process wake-up; the embedded database)', async () => {
    const wakeup = createInProcessWakeup({ gatherMs: 20 });
    closers.push(() => wakeup.close());
    const sendAndTime = await givenWorker('wakeup-local', wakeup);
    for (let i = 0; i < 3; i++) {
      const delayMs = await sendAndTime(wakeup);
      assert.ok(delayMs < 1_500, `picked up after ${delayMs} ms (the poll is every ${POLL_SECONDS} s)`);
    }
  });

  it('wakes a worker of another connection through NOTIFY, and again after its listener was killed (PostgreSQL)', async function () {
    if (db.kind !== 'postgres') return this.skip();
    const options = (name: string) => ({
      schema: db.schema,
      gatherMs: 20,
      reconnectDelayMs: 100,
      connect: () => new pg.Client({ connectionString: db.url, application_name: name }),
      notify: (channel: string, payload: string) => db.knex.raw('SELECT pg_notify(?, ?)', [channel, payload]),
      logger: silent,
    });
    const workerSide = await startPostgresWakeup(options('wakeup-worker'));
    // The web process: it announces through its own pool and never calls the worker's functions.
    const webSide = await startPostgresWakeup(options('wakeup-web'));
    closers.push(
      () => workerSide.close(),
      () => webSide.close(),
    );
    const sendAndTime = await givenWorker('wakeup-notify', workerSide);
    for (let i = 0; i < 3; i++) {
      const delayMs = await sendAndTime(webSide);
      assert.ok(delayMs < 1_500, `picked up after ${delayMs} ms`);
    }
    // A database restart, as the listener sees it: its backend is terminated.
    await db.knex.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'wakeup-worker'`);
    await waitFor(() => !workerSide.isListening(), 5_000);
    await waitFor(() => workerSide.isListening(), 10_000);
    const afterReconnectMs = await sendAndTime(webSide);
    assert.ok(afterReconnectMs < 1_500, `picked up after ${afterReconnectMs} ms once the listener reconnected`);
  });

  it('gathers the wake-ups of one window into one call', async () => {
    const wakeup = createInProcessWakeup({ gatherMs: 50 });
    closers.push(() => wakeup.close());
    let calls = 0;
    wakeup.onWake('gather', () => calls++);
    for (let i = 0; i < 5; i++) await wakeup.announce('gather');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(calls, 1);
    await wakeup.announce('gather');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(calls, 2);
  });
});

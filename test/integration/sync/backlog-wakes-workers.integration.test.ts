/**
 * With `engine.batchesAtOnce > 1`, a worker that takes a full batch has found a backlog: the other
 * workers of the queue in this process are told to fetch at once, while that batch is still out,
 * not when it is done (nor at their next poll or the next gathered wake-up). A partial batch tells
 * nobody: what arrives next is gathered into the next wake-up instead.
 *
 * pg-boss is replaced by a recorder of `work` and `notifyWorker`, so the moment of the notice is
 * seen exactly; the batch runs the real sync pass against the sandbox, held at its Salesforce read.
 */
import assert from 'node:assert/strict';
import type PgBoss from 'pg-boss';
import { SyncEngine } from '../../../src/engine/engine.js';
import { QUEUES } from '../../../src/engine/queue.js';
import type { QueueWakeup } from '../../../src/engine/queue-wakeup.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

type Handler = (jobs: unknown[]) => Promise<void>;

/** The part of pg-boss the workers use, recording which worker was told to look again. */
function recordingBoss() {
  const workers: Array<{ id: string; queue: string; handler: Handler }> = [];
  const notified: string[] = [];
  const boss = {
    work: async (queue: string, _options: unknown, handler: Handler) => {
      const id = `worker-${workers.length + 1}`;
      workers.push({ id, queue, handler });
      return id;
    },
    notifyWorker: (id: string) => void notified.push(id),
    insert: async () => undefined,
    offWork: async () => undefined,
  };
  return { boss: boss as unknown as PgBoss, workers, notified };
}

/** No gathered wake-ups: only the backlog notice can start a second worker. */
const noWakeups: QueueWakeup = { announce: async () => undefined, onWake: () => () => undefined, close: async () => undefined };

describe('a full batch tells the other workers of the queue at once', function () {
  this.timeout(30_000);
  let h: SyncHarness;
  const caseIds: string[] = [];

  before(async () => {
    const config = givenSyncConfig();
    config.engine.batchesAtOnce = 2;
    h = await givenSyncHarness('sync_backlog_wakes', { config, batchSize: 3 });
    for (let i = 0; i < 5; i++) caseIds.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Backlog ${i}`, Status: 'New', Priority: 'P3' } })).id);
  });
  after(() => h?.close());

  /** Runs one batch of `ids` through the first case worker, inspecting the notices while its read is held. */
  async function noticesWhileBatchIsOut(ids: string[]) {
    const { boss, workers, notified } = recordingBoss();
    const engine = new SyncEngine(h.context, boss, { batchSize: 3, wakeup: noWakeups });
    await engine.startWorkers();
    const caseWorkers = workers.filter((w) => w.queue === QUEUES.caseChanged);
    assert.equal(caseWorkers.length, 2, 'batchesAtOnce workers on the case queue');

    const original = h.context.cases.getCasesWithComments;
    assert.ok(original, 'the Salesforce adapter reads cases with their comments');
    let readStarted!: () => void;
    const reading = new Promise<void>((resolve) => (readStarted = resolve));
    let releaseRead!: () => void;
    const released = new Promise<void>((resolve) => (releaseRead = resolve));
    h.context.cases.getCasesWithComments = async (...args) => {
      readStarted();
      await released;
      return original.apply(h.context.cases, args);
    };
    try {
      const jobs = ids.map((caseId, n) => ({ id: `job-${n}`, name: QUEUES.caseChanged, data: { caseId }, retryCount: 0, retryLimit: 3 }));
      const batch = caseWorkers[0]!.handler(jobs);
      await reading;
      const whileOut = [...notified];
      releaseRead();
      await batch;
      return { whileOut, afterBatch: [...notified], ids: caseWorkers.map((w) => w.id) };
    } finally {
      h.context.cases.getCasesWithComments = original;
      await engine.stop();
    }
  }

  it('a full batch: both workers are told while it is out', async () => {
    const { whileOut, ids } = await noticesWhileBatchIsOut(caseIds.slice(0, 3));
    assert.deepEqual([...new Set(whileOut)].sort(), [...ids].sort());
  });

  it('a partial batch: nobody is told, before or after', async () => {
    const { whileOut, afterBatch } = await noticesWhileBatchIsOut(caseIds.slice(3, 5));
    assert.deepEqual(whileOut, []);
    assert.deepEqual(afterBatch, []);
  });
});

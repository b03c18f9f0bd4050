/**
 * Dead letters for sync jobs pg-boss failed on its own: a batch still running when its expiry ran
 * out on the last attempt (a request that never answered, a process killed mid-batch). pg-boss
 * copies such a job to {@link EXPIRED_JOBS_QUEUE}; this worker records one dead letter per record,
 * so `dead-letters list` and the console show it and `dead-letters retry` hands it back.
 */
import type PgBoss from 'pg-boss';
import { addDeadLetter } from '../adapters/store/dead-letters.js';
import { loadCaseNames } from '../adapters/store/case-names.js';
import type { EngineContext } from './context.js';
import { deadLettered } from '../metrics.js';
import { EXPIRED_JOBS_QUEUE, QUEUES } from './queue.js';

interface ExpiredJobData {
  caseId?: string;
  issueKey?: string;
}

/** Starts the worker; returns its queue name for `offWork`. */
export async function startExpiredJobsWorker(boss: PgBoss, ctx: EngineContext): Promise<string> {
  await boss.work<ExpiredJobData>(EXPIRED_JOBS_QUEUE, { batchSize: 50, pollingIntervalSeconds: 5 }, async (jobs) => {
    for (const job of jobs) await recordExpiredJob(ctx, job.data);
  });
  return EXPIRED_JOBS_QUEUE;
}

export async function recordExpiredJob(ctx: EngineContext, data: ExpiredJobData): Promise<void> {
  const queue = data.issueKey !== undefined ? QUEUES.issueChanged : QUEUES.caseChanged;
  const record = data.issueKey ?? (data.caseId ? await nameCase(ctx, data.caseId) : 'an unknown record');
  const message = `the sync of ${record} ran past its expiry on its last attempt (a request that never answered, or a worker stopped mid-batch)`;
  await addDeadLetter(ctx.db, { queue, jobId: null, payload: data, errorCode: 'JOB_EXPIRED', errorMessage: message, attempts: 1 });
  deadLettered.inc(1);
  ctx.logger.error({ queue, record, code: 'JOB_EXPIRED' }, message);
}

/** "case 00001234" when casebridge has seen the case's number, else the id (all it has). */
async function nameCase(ctx: EngineContext, caseId: string): Promise<string> {
  const caseNumber = (await loadCaseNames(ctx.db, [caseId])).get(caseId)?.caseNumber;
  return caseNumber ? `case ${caseNumber}` : `case ${caseId}`;
}

/** The jobs on the two sync queues: a case id one way, an issue key the other. */
import type PgBoss from 'pg-boss';
import type { QUEUES } from './queue.js';

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface CaseJob {
  caseId: string;
}

export interface IssueJob {
  issueKey: string;
}

export type SyncJob = PgBoss.JobWithMetadata<CaseJob | IssueJob>;

/** The job's record: its singleton key on the queue (one queued job per record). */
export function keyOf(data: CaseJob | IssueJob): string {
  return 'caseId' in data ? data.caseId : data.issueKey;
}

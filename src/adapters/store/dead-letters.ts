/** `dead_letters`: work that failed for good, kept visible and replayable. */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';

export interface DeadLetter {
  id: number;
  queue: string;
  jobId: string | null;
  payload: unknown;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  createdAt: Date;
  retriedAt: Date | null;
}

interface DeadLetterRow {
  id: string | number;
  queue: string;
  job_id: string | null;
  payload: unknown;
  error_code: string;
  error_message: string;
  attempts: number;
  created_at: Date;
  retried_at: Date | null;
}

export function fromRow(row: DeadLetterRow): DeadLetter {
  return {
    id: toId(row.id),
    queue: row.queue,
    jobId: row.job_id,
    payload: row.payload,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    createdAt: toDate(row.created_at)!,
    retriedAt: toDate(row.retried_at),
  };
}

export async function addDeadLetter(db: Db, letter: Pick<DeadLetter, 'queue' | 'jobId' | 'payload' | 'errorCode' | 'errorMessage' | 'attempts'>): Promise<number> {
  const rows = await db('dead_letters')
    .insert({
      queue: letter.queue,
      job_id: letter.jobId,
      payload: JSON.stringify(letter.payload ?? null),
      error_code: letter.errorCode,
      error_message: letter.errorMessage,
      attempts: letter.attempts,
    })
    .returning('id');
  return toId(rows[0].id);
}

/** Dead letters not yet retried, oldest first. */
export async function listDeadLetters(db: Db, options: { includeRetried?: boolean } = {}): Promise<DeadLetter[]> {
  const query = db<DeadLetterRow>('dead_letters').orderBy('id');
  if (!options.includeRetried) query.whereNull('retried_at');
  return (await query).map(fromRow);
}

/** Marks letters as handed back to their queue; returns those that were still pending. */
export async function claimForRetry(db: Db, ids: readonly number[] | 'all'): Promise<DeadLetter[]> {
  const query = db<DeadLetterRow>('dead_letters').whereNull('retried_at').update({ retried_at: db.fn.now() }).returning('*');
  if (ids !== 'all') query.whereIn('id', [...ids]);
  return ((await query) as unknown as DeadLetterRow[]).map(fromRow);
}

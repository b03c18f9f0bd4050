/**
 * The health page's operator actions: retry a dead letter (the same code as `casebridge
 * dead-letters retry`) and re-sync one case by its number (queued like a change the feed saw).
 */
import type { Knex } from 'knex';
import { findCaseIdsByNumber, isCaseNumber } from '../../../adapters/store/case-numbers.js';
import { retryDeadLetters, type Enqueuer, type RetryResult } from '../../../engine/dead-letter-retry.js';

export type ResyncOutcome = { kind: 'queued'; caseIds: string[] } | { kind: 'invalid'; message: string } | { kind: 'unknown'; message: string };

export function retryDeadLetter(db: Knex, id: number, queues: Enqueuer): Promise<RetryResult> {
  return retryDeadLetters(db, [id], queues);
}

/** Queues the case a person names by number; a number casebridge never saw is said so, not guessed. */
export async function resyncCase(db: Knex, caseNumber: string, queues: Enqueuer): Promise<ResyncOutcome> {
  const text = caseNumber.trim();
  if (!isCaseNumber(text)) return { kind: 'invalid', message: `"${text.slice(0, 40)}" is not a case number (digits only, such as 00001234)` };
  const caseIds = await findCaseIdsByNumber(db, text);
  if (caseIds.length === 0) return { kind: 'unknown', message: `casebridge has not seen case ${text}: it re-syncs cases it has synced or scanned before` };
  await queues.enqueueCases(caseIds);
  return { kind: 'queued', caseIds };
}

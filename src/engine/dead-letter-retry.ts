/** Hands dead letters back to their queues: the one implementation behind the CLI and the admin API. */
import type { Knex } from 'knex';
import { claimForRetry } from '../adapters/store/dead-letters.js';

export interface Enqueuer {
  enqueueCases(caseIds: readonly string[]): Promise<void>;
  enqueueIssues(issueKeys: readonly string[]): Promise<void>;
}

export interface RetryResult {
  retried: number[];
  caseIds: string[];
  issueKeys: string[];
}

/** Claims the pending letters (each is retried once) and queues the records they name. */
export async function retryDeadLetters(db: Knex, ids: readonly number[] | 'all', queues: Enqueuer): Promise<RetryResult> {
  const letters = await claimForRetry(db, ids);
  const caseIds = letters.flatMap((l) => idsIn(l.payload, 'caseId', 'caseIds'));
  const issueKeys = letters.flatMap((l) => idsIn(l.payload, 'issueKey', 'issueKeys'));
  await queues.enqueueCases(caseIds);
  await queues.enqueueIssues(issueKeys);
  return { retried: letters.map((l) => l.id), caseIds, issueKeys };
}

/** Payloads name one record (`caseId`) or several (`caseIds`). */
function idsIn(payload: unknown, single: string, plural: string): string[] {
  const value = payload as Record<string, unknown> | null;
  if (!value) return [];
  const list = Array.isArray(value[plural]) ? (value[plural] as unknown[]) : value[single] !== undefined ? [value[single]] : [];
  return list.filter((v): v is string => typeof v === 'string');
}

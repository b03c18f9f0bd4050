/**
 * Sync health, part three: dead letters waiting for a person (with the records they name, by case
 * number and issue key) and recent problems (dead letters of the last day by code, links whose
 * create failed).
 */
import type { Knex } from 'knex';
import { fromRow } from '../../../adapters/store/dead-letters.js';
import { loadCaseNames, type CaseName } from '../names.js';

export interface DeadLetterView {
  id: number;
  queue: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  createdAt: Date;
  cases: CaseName[];
  issueKeys: string[];
}

export interface ProblemSummary {
  code: string;
  count: number;
  lastAt: Date;
  example: string;
}

export interface FailedLink {
  case: CaseName;
  error: string;
  since: Date;
}

/** Shown per page; the CLI lists all (`casebridge dead-letters list`). */
export const DEAD_LETTERS_SHOWN = 200;

function listOf(payload: unknown, single: string, plural: string): string[] {
  const value = payload as Record<string, unknown> | null;
  if (!value || typeof value !== 'object') return [];
  const list = Array.isArray(value[plural]) ? (value[plural] as unknown[]) : value[single] !== undefined ? [value[single]] : [];
  return list.filter((v): v is string => typeof v === 'string');
}

export async function loadDeadLetters(db: Knex): Promise<{ letters: DeadLetterView[]; total: number }> {
  // The newest page and a count: a backlog of 100,000 letters costs one index scan, not a read of all.
  const [rows, counted] = await Promise.all([
    db('dead_letters').whereNull('retried_at').orderBy('id', 'desc').limit(DEAD_LETTERS_SHOWN) as Promise<Array<Parameters<typeof fromRow>[0]>>,
    db('dead_letters').whereNull('retried_at').count({ n: '*' }) as Promise<Array<{ n: string | number }>>,
  ]);
  const shown = rows.map(fromRow);
  const names = await loadCaseNames(
    db,
    shown.flatMap((l) => listOf(l.payload, 'caseId', 'caseIds')),
  );
  return {
    total: Number(counted[0]?.n ?? 0),
    letters: shown.map((l) => ({
      id: l.id,
      queue: l.queue,
      errorCode: l.errorCode,
      errorMessage: l.errorMessage,
      attempts: l.attempts,
      createdAt: l.createdAt,
      cases: listOf(l.payload, 'caseId', 'caseIds').map((id) => names.get(id)!),
      issueKeys: listOf(l.payload, 'issueKey', 'issueKeys'),
    })),
  };
}

export async function loadRecentProblems(db: Knex, now: Date): Promise<{ byCode: ProblemSummary[]; failedLinks: FailedLink[] }> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const grouped = (await db('dead_letters')
    .where('created_at', '>=', since)
    .groupBy('error_code')
    .select('error_code', db.raw('count(*)::int AS count'), db.raw('max(created_at) AS last_at'), db.raw('max(error_message) AS example'))
    .orderBy('last_at', 'desc')) as Array<{ error_code: string; count: number; last_at: Date; example: string }>;
  const links = (await db('links').whereNotNull('last_error').whereIn('state', ['creating', 'linked']).orderBy('updated_at', 'desc').limit(50).select('case_id', 'last_error', 'updated_at')) as Array<{
    case_id: string;
    last_error: string;
    updated_at: Date;
  }>;
  const names = await loadCaseNames(
    db,
    links.map((l) => l.case_id),
  );
  return {
    byCode: grouped.map((g) => ({ code: g.error_code, count: g.count, lastAt: new Date(g.last_at), example: g.example })),
    failedLinks: links.map((l) => ({ case: names.get(l.case_id)!, error: l.last_error, since: new Date(l.updated_at) })),
  };
}

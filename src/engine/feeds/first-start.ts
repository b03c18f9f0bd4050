/**
 * A new deployment's feeds start at its first start, not at the beginning of time: connected to an
 * org with years of escalated cases, the first poll must not mirror all of them. The instant is
 * stored once (a `deployment.firstStart` cursor) and each feed's cursor is set to it unless the
 * feed already has one, so restarts, replicas starting together and one-shot commands all agree.
 * History comes in only through `casebridge backfill --since`.
 */
import { initCursor } from '../../adapters/store/cursors.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { JIRA_CURSOR } from './jira-poll.js';
import { SALESFORCE_CURSOR } from './salesforce-poll.js';

export const FIRST_START_CURSOR = 'deployment.firstStart';

export interface FirstStart {
  /** When this deployment first started (ISO-8601 UTC), as stored. */
  firstStartAt: string;
  /** True when this call was the first start. */
  isFirstStart: boolean;
}

export async function startFeedsAtFirstStart(db: Db, now: Date = new Date()): Promise<FirstStart> {
  const candidate = now.toISOString();
  const firstStartAt = await initCursor(db, FIRST_START_CURSOR, candidate);
  // Feeds that have read before keep their place; a feed added later starts at the first start too
  // (cursors only move forward, so an older value never overrides a newer one).
  for (const feed of [SALESFORCE_CURSOR, JIRA_CURSOR]) await initCursor(db, feed, firstStartAt);
  return { firstStartAt, isFirstStart: firstStartAt === candidate };
}

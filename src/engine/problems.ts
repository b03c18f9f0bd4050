/**
 * Per-record problems that retrying will not fix (an unmapped status, a key that names no issue,
 * a value Salesforce refuses): each goes to dead letters once, not on every pass that sees it
 * again, and counts in the metrics.
 */
import { addDeadLetter } from '../adapters/store/dead-letters.js';
import { getSnapshots, upsertSnapshots } from '../adapters/store/snapshots.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import type { EngineContext } from './context.js';
import { QUEUES } from './queue.js';
import { syncProblems } from '../metrics.js';

export interface Problem {
  caseId: string;
  code: string;
  message: string;
}

const PROBLEM_SNAPSHOT = '$problem';

export async function reportProblems(
  ctx: EngineContext,
  problems: readonly Problem[],
  meta: { correlationId: string; jobId?: string; caseIds: readonly string[]; caseSnapshots?: Map<string, Map<string, Snapshot>> },
): Promise<void> {
  const byCase = new Map<string, Problem[]>();
  for (const problem of problems) byCase.set(problem.caseId, [...(byCase.get(problem.caseId) ?? []), problem]);
  // The pass read these cases' snapshots already; only this function writes the problem entry.
  const known = meta.caseSnapshots ?? (await getSnapshots(ctx.db, 'salesforce', meta.caseIds));
  const remember = [];
  // A case whose problems are gone forgets them, so the same problem coming back is reported again.
  for (const caseId of meta.caseIds) {
    if (!byCase.has(caseId) && known.get(caseId)?.get(PROBLEM_SNAPSHOT)?.value) {
      remember.push({ system: 'salesforce' as const, objectId: caseId, field: PROBLEM_SNAPSHOT, value: '', sourceUpdatedAt: null, writtenByUs: false });
    }
  }
  for (const [caseId, list] of byCase) {
    const signature = list
      .map((p) => `${p.code}:${p.message}`)
      .sort()
      .join('\n');
    if (known.get(caseId)?.get(PROBLEM_SNAPSHOT)?.value === signature) continue;
    for (const problem of list) {
      ctx.logger.warn({ caseId, code: problem.code, correlationId: meta.correlationId }, problem.message);
      syncProblems.inc({ code: problem.code });
      await addDeadLetter(ctx.db, { queue: QUEUES.caseChanged, jobId: meta.jobId ?? null, payload: { caseIds: [caseId] }, errorCode: problem.code, errorMessage: problem.message, attempts: 1 });
    }
    remember.push({ system: 'salesforce' as const, objectId: caseId, field: PROBLEM_SNAPSHOT, value: signature, sourceUpdatedAt: null, writtenByUs: false });
  }
  await upsertSnapshots(ctx.db, remember);
}

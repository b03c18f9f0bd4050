/**
 * What the race tests start from: an escalated case that a settled pass has mirrored and linked,
 * and, for the re-queue tests, when the case's next queued job is due.
 */
import assert from 'node:assert/strict';
import { listLinksForCases } from '../../src/adapters/store/links.js';
import { QUEUES, queueSchemaOf } from '../../src/engine/queue.js';
import type { SyncHarness } from './sync-harness.js';

/** Creates an escalated case with `fields`, settles, and returns the case id and its issue key. */
export async function givenEscalatedPair(h: SyncHarness, fields: Record<string, unknown>): Promise<{ caseId: string; key: string }> {
  const { id: caseId } = await h.actSalesforce({ action: 'createCase', fields: { Status: 'Escalated', Escalate_to_Jira__c: true, ...fields } });
  await h.settle();
  const [link] = await listLinksForCases(h.context.db, [caseId]);
  assert.ok(link?.issueKey, 'the case is linked');
  return { caseId, key: link.issueKey };
}

/** Milliseconds from `sinceMs` until the case's queued (not yet started) job may start. */
export async function queuedJobWaitMs(h: SyncHarness, caseId: string, sinceMs: number): Promise<number> {
  const job = await h.context.db.withSchema(queueSchemaOf(h.db)).table('job').where({ name: QUEUES.caseChanged, singleton_key: caseId, state: 'created' }).first('start_after');
  assert.ok(job, 'the case is queued again');
  return new Date(job.start_after as string).getTime() - sinceMs;
}

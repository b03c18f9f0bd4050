/**
 * A case whose comment step another pass holds is looked at again after a short wait (the claim
 * ends with that pass), not after half the create lease as a create in doubt is. PostgreSQL only:
 * the claim is an advisory lock held by a second connection. Mutant this catches: re-queueing
 * such cases after intentLeaseMs / 2 like the creates in doubt (the job would start 30 s later).
 */
import assert from 'node:assert/strict';
import { claimCommentSteps } from '../../../src/adapters/store/comment-claims.js';
import { HELD_CASE_RETRY_MS } from '../../../src/engine/engine.js';
import { givenEscalatedPair, queuedJobWaitMs } from '../../helpers/escalated-pair.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('comment claim held by another pass', function () {
  this.timeout(60_000);
  let h: SyncHarness | undefined;

  before(async function () {
    if (!process.env.DATABASE_URL) return this.skip();
    h = await givenSyncHarness('sync_comment_claim_retry', { intentLeaseMs: 60_000 });
  });
  after(() => h?.close());

  it('re-queues the case after a few seconds, and the Jira comment reaches it once the claim is free', async () => {
    const harness = h!;
    const { caseId, key } = await givenEscalatedPair(harness, { Subject: 'Invoices show the wrong VAT', Priority: 'P2', Topic__c: 'payments_billing' });
    await harness.actJira({ type: 'comment', issueKey: key, body: '#customer VAT fix deployed.' });

    // Another pass's comment step: a claim held in a transaction of its own.
    const other = await harness.context.db.transaction();
    try {
      assert.deepEqual([...(await claimCommentSteps(other, [caseId]))], [caseId]);
      const queuedAtMs = Date.now();
      await harness.engine.enqueueIssues([key]);
      await harness.engine.drain();
      const waitMs = await queuedJobWaitMs(harness, caseId, queuedAtMs);
      assert.ok(waitMs <= HELD_CASE_RETRY_MS + 5_000, `the case waits ${waitMs} ms, not a few seconds`);
    } finally {
      await other.commit();
    }
    assert.equal(await commentCopies(caseId), 0, 'nothing was posted while the claim was held');
    await new Promise((resolve) => setTimeout(resolve, HELD_CASE_RETRY_MS + 500));
    await harness.engine.drain();
    assert.equal(await commentCopies(caseId), 1, 'the comment reached the case once');
  });

  async function commentCopies(caseId: string): Promise<number> {
    const comments = await h!.context.cases.listComments([caseId]);
    return comments.filter((c) => c.body.includes('VAT fix deployed.')).length;
  }
});

/**
 * Two passes over one case at once must not lose a status. Found by the soak (case 00001122 /
 * OPS-73): a slow pass read the case before another pass wrote it, then recorded the case status
 * it had read as the synced one, over the other pass's snapshot. The agent's next escalation then
 * looked like no change at all and never reached Jira. The race is forced here: the slow pass is
 * held after its reads until the other pass has finished.
 */
import assert from 'node:assert/strict';
import { HELD_CASE_RETRY_MS } from '../../../src/engine/engine.js';
import { givenEscalatedPair, queuedJobWaitMs } from '../../helpers/escalated-pair.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { withCasesClaimed } from '../../../src/engine/pass-claims.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('status: two passes over one case at once', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  beforeEach(async () => {
    h = await givenSyncHarness('sync_status_race');
  });
  afterEach(() => h?.close());

  it("carries the agent's later escalation after a slow pass overlapped the developer's decline", async () => {
    const { caseId, key } = await givenEscalatedPair(h, { Subject: 'Driver app crashes on navigation start', Priority: 'P2', Topic__c: 'corporate_portal' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: "Won't Do" });

    // The slow pass has read the case and the issue; it waits there until the other pass is done.
    let slowRead!: () => void;
    let otherDone!: () => void;
    const read = new Promise<void>((resolve) => (slowRead = resolve));
    const other = new Promise<void>((resolve) => (otherDone = resolve));
    const slow: EngineContext = {
      ...h.context,
      issues: {
        ...h.context.issues,
        getIssues: async (...args) => {
          const issues = await h.context.issues.getIssues(...args);
          slowRead();
          await other;
          return issues;
        },
      },
    };
    const slowPass = syncCases(slow, [caseId]);
    await read;
    await syncCases(h.context, [caseId]);
    otherDone();
    await slowPass;
    assert.equal(await caseStatus(caseId), 'Working', "the developer's decline reached the case");

    // The agent escalates again before any other pass looked at the case.
    await h.actSalesforce({ action: 'editCase', caseId, fields: { Status: 'Escalated' } });
    await h.settle();
    assert.equal(await issueStatus(key), 'To Do', "the agent's later escalation reopened the issue");
  });

  it('looks at a case another pass holds again after a few seconds, and then carries its change', async () => {
    const { caseId, key } = await givenEscalatedPair(h, { Subject: 'Invoices show the wrong VAT', Priority: 'P2', Topic__c: 'payments_billing' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Done' });

    // Another pass holds the case (of this process here; other processes are kept out by PostgreSQL locks).
    await withCasesClaimed(h.context, [caseId], async () => {
      const queuedAtMs = Date.now();
      await h.engine.enqueueCases([caseId]);
      await h.engine.drain();
      const waitMs = await queuedJobWaitMs(h, caseId, queuedAtMs);
      assert.ok(waitMs <= HELD_CASE_RETRY_MS + 5_000, `the case waits ${waitMs} ms, not half a create lease`);
      assert.equal(await caseStatus(caseId), 'Escalated', 'nothing was written while the other pass held the case');
    });

    await new Promise((resolve) => setTimeout(resolve, HELD_CASE_RETRY_MS + 500));
    await h.engine.drain();
    assert.equal(await caseStatus(caseId), 'Resolved', "the developer's Done reached the case");
  });

  async function caseStatus(caseId: string): Promise<unknown> {
    const [record] = await h.context.cases.getCases([caseId], ['Status']);
    return record?.fields.Status;
  }

  async function issueStatus(key: string): Promise<string | undefined> {
    return (await h.context.issues.getWorkflowState(key))?.status;
  }
});

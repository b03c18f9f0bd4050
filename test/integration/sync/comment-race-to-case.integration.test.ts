/**
 * A Jira comment reaches its case once when two passes over the case overlap, although the pass
 * reads the case comments with the cases, before it claims the comment step. The race is forced:
 * the late pass reads the case (and its comments), then waits until the early pass has posted the
 * Jira comment to the case and finished. Mutant this catches: posting on the comments read with the
 * cases, without listing them again under the claim (the late pass posts the comment a second time).
 */
import assert from 'node:assert/strict';
import { listLinksForCases } from '../../../src/adapters/store/links.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('comments to the case: a pass whose case read predates the other pass post', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    h = await givenSyncHarness('sync_comment_race_to_case');
  });
  after(() => h?.close());

  it('posts the Jira comment to the case once', async () => {
    const { id: caseId } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Driver app crashes on login', Status: 'Escalated', Priority: 'P1', Escalate_to_Jira__c: true, Topic__c: 'driver_app' },
    });
    await h.settle();
    const [link] = await listLinksForCases(h.context.db, [caseId]);
    assert.ok(link?.issueKey, 'the case is linked');
    await h.actJira({ type: 'comment', issueKey: link.issueKey, body: '#customer Hotfix 7.1.3 is rolling out.' });

    let earlyDone!: () => void;
    let lateRead!: () => void;
    const early = new Promise<void>((resolve) => (earlyDone = resolve));
    const read = new Promise<void>((resolve) => (lateRead = resolve));
    const cases = h.context.cases;
    const lateCases: CaseSystem = Object.assign(Object.create(cases) as CaseSystem, {
      getCasesWithComments: async (ids: readonly string[], fields: readonly string[]) => {
        const answer = await cases.getCasesWithComments!(ids, fields);
        lateRead();
        await early;
        return answer;
      },
    });
    const late: EngineContext = { ...h.context, cases: lateCases };
    const latePass = syncCases(late, [caseId]);
    await read;
    const earlyPass = await syncCases(h.context, [caseId]);
    earlyDone();
    const latePassOutcome = await latePass;

    assert.equal(earlyPass.commentsToSalesforce, 1, 'the early pass posted the Jira comment');
    assert.equal(latePassOutcome.commentsToSalesforce, 0, 'the late pass saw it under the claim');
    const comments = await h.context.cases.listComments([caseId]);
    assert.equal(comments.filter((c) => c.body.includes('Hotfix 7.1.3 is rolling out.')).length, 1, JSON.stringify(comments.map((c) => c.body)));
  });
});

/**
 * A Jira comment reaches its case once when two passes over the case overlap, although the pass
 * reads the case comments with the cases. The race is forced: the late pass reads the case (and its
 * comments), then waits until the early pass has finished. Since passes claim their cases
 * (pass-claims.ts), the early pass finds the case held and hands it back, and the late pass posts.
 * Mutant this catches: passes that claim neither their cases nor, before posting, list the
 * comments again under the comment claim (the comment is posted twice).
 */
import assert from 'node:assert/strict';
import { givenEscalatedPair } from '../../helpers/escalated-pair.js';
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
    const { caseId, key } = await givenEscalatedPair(h, { Subject: 'Driver app crashes on login', Priority: 'P1', Topic__c: 'driver_app' });
    await h.actJira({ type: 'comment', issueKey: key, body: '#customer Hotfix 7.1.3 is rolling out.' });

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

    assert.equal(earlyPass.commentsToSalesforce, 0, 'the pass that found the case held posted nothing');
    assert.deepEqual(earlyPass.heldByAnotherPass, [caseId], 'it handed the case back for a look shortly');
    assert.equal(latePassOutcome.commentsToSalesforce, 1, 'the pass holding the case posted the Jira comment');
    assert.equal((await syncCases(h.context, [caseId])).commentsToSalesforce, 0, 'the look after the hand-back finds it there');
    const comments = await h.context.cases.listComments([caseId]);
    assert.equal(comments.filter((c) => c.body.includes('Hotfix 7.1.3 is rolling out.')).length, 1, JSON.stringify(comments.map((c) => c.body)));
  });
});

/**
 * Two passes over one case at once (its case job and its issue's job, taken by two workers) post
 * each case comment to the issue once. Each race is forced, not hoped for: the passes are held at
 * the point where the duplicate would happen. Mutants this catches: passes that claim neither their
 * cases nor their comment steps (both passes post). Since passes claim their cases (pass-claims.ts), a pass that starts while
 * another holds the case hands it back untouched, so the second test checks that hand-back.
 */
import assert from 'node:assert/strict';
import { givenEscalatedPair } from '../../helpers/escalated-pair.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('comments: two passes over one case at once', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  beforeEach(async function () {
    h = await givenSyncHarness(`sync_comment_race_${String(this.currentTest?.title.length)}`);
  });
  afterEach(() => h?.close());

  /** An escalated case, linked, with one new public comment not yet mirrored. */
  async function givenCommentedPair(): Promise<{ caseId: string; key: string }> {
    const pair = await givenEscalatedPair(h, { Subject: 'Payments fail at checkout', Priority: 'P1', Topic__c: 'corporate_portal' });
    await h.actSalesforce({ action: 'addComment', caseId: pair.caseId, body: 'Customer retried twice, same error', isPublished: true });
    return pair;
  }

  /** A context whose Jira side is changed by `override` (the rest shared). */
  const withIssues = (override: Partial<IssueSystem>): EngineContext => ({ ...h.context, issues: { ...h.context.issues, ...override } });

  it('posts a case comment once when both passes reach the post together', async () => {
    const { caseId, key } = await givenCommentedPair();
    // Each pass waits at its post until the other arrives too (or 1 s): without a claim, both post.
    let arrived = 0;
    const bothThere = new Promise<void>((resolve) => {
      const poll = setInterval(() => arrived >= 2 && (clearInterval(poll), resolve()), 5);
      setTimeout(() => (clearInterval(poll), resolve()), 1_000);
    });
    const held = withIssues({
      addComment: async (...args) => {
        arrived++;
        await bothThere;
        return h.context.issues.addComment(...args);
      },
    });
    const outcomes = await Promise.all([syncCases(held, [caseId]), syncCases(held, [caseId])]);

    assert.deepEqual(await mirroredCopies(key), [1], 'the comment is on the issue once');
    assert.equal(
      outcomes.reduce((sum, o) => sum + o.commentsToJira, 0),
      1,
    );
  });

  it('posts a case comment once when a second pass starts after the first has read the issue', async () => {
    const { caseId, key } = await givenCommentedPair();
    // The late pass reads the issue, then waits until the early pass has finished.
    let earlyDone!: () => void;
    let lateRead!: () => void;
    const early = new Promise<void>((resolve) => (earlyDone = resolve));
    const read = new Promise<void>((resolve) => (lateRead = resolve));
    const late = withIssues({
      getIssues: async (...args) => {
        const issues = await h.context.issues.getIssues(...args);
        lateRead();
        await early;
        return issues;
      },
    });
    const latePass = syncCases(late, [caseId]);
    await read;
    const earlyPass = await syncCases(h.context, [caseId]);
    earlyDone();
    const latePassOutcome = await latePass;

    // The pass that started second finds the case held and hands it back without posting.
    assert.equal(earlyPass.commentsToJira, 0, 'the pass that found the case held posted nothing');
    assert.deepEqual(earlyPass.heldByAnotherPass, [caseId], 'it handed the case back for a look shortly');
    assert.equal(latePassOutcome.commentsToJira, 1, 'the pass holding the case posted the comment');
    assert.deepEqual(await mirroredCopies(key), [1]);
    const again = await syncCases(h.context, [caseId]);
    assert.equal(again.commentsToJira, 0, 'the look after the hand-back finds the comment there');
    assert.deepEqual(await mirroredCopies(key), [1]);
  });

  /** Copies of each case comment casebridge mirrored to the issue (read fresh, by key). */
  async function mirroredCopies(key: string): Promise<number[]> {
    const comments = await h.context.issues.listComments(key);
    const copies = new Map<string, number>();
    for (const comment of comments) {
      const origin = /— Salesforce case \S+, comment (\w+)$/.exec(comment.body)?.[1];
      if (origin) copies.set(origin, (copies.get(origin) ?? 0) + 1);
    }
    return [...copies.values()];
  }
});

/**
 * Issues read with their comments (search field `comment`, as the sync reads them) when Jira's
 * embedded list is a part: Jira Cloud caps it (the emulator at the newest 100) and keeps `total`
 * at the true count. The adapter then lists that issue's comments whole, through the paged
 * comments endpoint, and only for such an issue; otherwise the oldest comments would never be
 * mirrored to the case.
 */
import assert from 'node:assert/strict';
import { createJiraIssueSystem } from '../../../src/adapters/jira/index.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import { EMBEDDED_COMMENTS_MAX } from '../../../src/sandbox/jira/embedded-comments.js';
import { getStats } from './adapter-test-helpers.js';
import { givenDraft, useJiraAdapterRig } from './jira-issue-system-rig.js';

describe('Jira adapter: issues with more comments than the comment field carries', function () {
  this.timeout(60_000);
  const rig = useJiraAdapterRig();
  let issues: IssueSystem;
  const COUNT = EMBEDDED_COMMENTS_MAX + 25;

  beforeEach(() => {
    issues = createJiraIssueSystem({ client: rig.client, baseUrl: rig.running.url, extraFields: ['comment'] });
  });

  /** Two issues: one with COUNT developer comments, one with two. */
  async function givenThreads(): Promise<{ long: { id: string; key: string }; short: { id: string; key: string } }> {
    const [long, short] = await rig.issues.createIssues([givenDraft(1), givenDraft(2)]);
    assert.ok(long?.ok && short?.ok);
    for (let n = 1; n <= COUNT; n++) await rig.sandbox.jira.runActor({ type: 'comment', issueKey: long.value.key, body: `note ${n}` });
    for (const n of [1, 2]) await rig.sandbox.jira.runActor({ type: 'comment', issueKey: short.value.key, body: `short ${n}` });
    return { long: long.value, short: short.value };
  }

  const bodies = (comments: ReadonlyArray<{ body: string }> | undefined) => (comments ?? []).map((c) => c.body);
  const every = Array.from({ length: COUNT }, (_, i) => `note ${i + 1}`);

  it('search (with and without reconciled ids) and GET by key give every comment, oldest first', async () => {
    const { long, short } = await givenThreads();
    const searched = await issues.getIssues([long.key, short.key]);
    assert.deepEqual(bodies(searched.find((i) => i.key === long.key)?.comments), every);
    assert.deepEqual(bodies(searched.find((i) => i.key === short.key)?.comments), ['short 1', 'short 2']);
    const reconciled = await issues.getIssues([long.key], { knownIds: new Map([[long.key, long.id]]), withChanges: true });
    assert.deepEqual(bodies(reconciled[0]?.comments), every);
    assert.deepEqual(bodies((await issues.getIssueByKey(long.key))?.comments), every);
  });

  it('lists comments apart only for the issue whose field was a part', async () => {
    const { long, short } = await givenThreads();
    await fetch(`${rig.running.url}/__sandbox/stats`, { method: 'DELETE' });
    await issues.getIssues([long.key, short.key]);
    const calls = (await getStats(rig.running.url)).jira.calls;
    const listed = Object.entries(calls).filter(([route]) => route.startsWith('GET /rest/api/3/issue/:key/comment'));
    assert.deepEqual(
      listed.map(([, n]) => n),
      [Math.ceil(COUNT / 100)],
      JSON.stringify(calls),
    );
  });
});

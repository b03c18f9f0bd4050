/**
 * The Jira adapter's reads and writes against the sandbox: bulk creates of 50 with mapped and
 * custom fields and failed drafts at their own positions, hostile texts round-tripped, reads by key
 * and label searches paged with nextPageToken, the updated-issues feed oldest first, transitions,
 * edits and comments with origin properties, missing issues answered as values.
 */
import assert from 'node:assert/strict';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import type { IssueRecord } from '../../../src/domain/sync/records.js';
import { InvalidInputError } from '../../../src/errors.js';
import { HOSTILE_TEXTS, getStats } from './adapter-test-helpers.js';
import { BULK, CASE_NUMBER, CUSTOMER_TIER, givenDraft, useJiraAdapterRig } from './jira-issue-system-rig.js';

const SEARCH = 'POST /rest/api/3/search/jql';

async function collect(pages: AsyncIterable<IssueRecord[]>): Promise<IssueRecord[][]> {
  const all: IssueRecord[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('Jira adapter against the sandbox (jira.js over loopback): reads and writes', function () {
  const rig = useJiraAdapterRig();
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let issues: IssueSystem;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ sandbox, running, issues } = rig);
  });

  async function givenIssues(count: number, draft = givenDraft): Promise<string[]> {
    const outcomes = await issues.createIssues(Array.from({ length: count }, (_, i) => draft(i)));
    return outcomes.map((o) => {
      assert.ok(o.ok, JSON.stringify(o));
      return o.value.key;
    });
  }

  it('creates 120 issues in 3 bulk calls with mapped fields, the case label and custom fields', async () => {
    const keys = await givenIssues(120);
    assert.equal(new Set(keys).size, 120);
    assert.equal((await getStats(running.url)).jira.calls[BULK], 3);
    const [issue] = await issues.getIssues([keys[5]!]);
    assert.ok(issue);
    assert.equal(issue.summary, 'Case 5: driver app crashes');
    assert.equal(issue.description, givenDraft(5).description);
    assert.equal(issue.priority, 'High');
    assert.equal(issue.status, 'To Do');
    assert.equal(issue.projectKey, 'DRV');
    assert.deepEqual([...issue.labels].sort(), ['casebridge', `sfcase-${givenDraft(5).caseId}`]);
    assert.equal(issue.fields[CUSTOMER_TIER], 'VIP');
    assert.equal(issue.fields[CASE_NUMBER], '100005');
    assert.equal(issue.url, `${running.url}/browse/${keys[5]}`);
    assert.match(issue.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('reports failed drafts of a bulk call at their own positions', async () => {
    const drafts = [givenDraft(0), givenDraft(1, { issueType: 'No Such Type' }), givenDraft(2), givenDraft(3, { projectKey: 'NOPE' })];
    const outcomes = await issues.createIssues(drafts);
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, false, true, false],
    );
    const created = await issues.getIssues(outcomes.flatMap((o) => (o.ok ? [o.value.key] : [])));
    assert.deepEqual(created.map((i) => i.summary).sort(), ['Case 0: driver app crashes', 'Case 2: driver app crashes']);
    const failed = outcomes[1]!;
    assert.ok(!failed.ok && failed.error.code === 'REJECTED' && failed.error.message.length > 0, JSON.stringify(failed));
    // A batch where every draft fails is a 400 for the whole call; still outcomes, not an exception.
    const allBad = await issues.createIssues([givenDraft(9, { projectKey: 'NOPE' }), givenDraft(10, { issueType: 'Nope' })]);
    assert.deepEqual(
      allBad.map((o) => o.ok),
      [false, false],
    );
  });

  it('round-trips hostile summaries and descriptions through create and getIssues', async () => {
    const texts = HOSTILE_TEXTS.map((t) => t.replace(/[\t\n]/g, ' '));
    const keys = await givenIssues(texts.length, (i) => givenDraft(i, { summary: texts[i]!, description: `${HOSTILE_TEXTS[i]}\n\n- "item" \\ \n\n${HOSTILE_TEXTS[(i + 1) % HOSTILE_TEXTS.length]}` }));
    const read = await issues.getIssues(keys);
    const byKey = new Map(read.map((i) => [i.key, i]));
    keys.forEach((key, i) => {
      assert.equal(byKey.get(key)?.summary, texts[i]);
      assert.equal(byKey.get(key)?.description, `${HOSTILE_TEXTS[i]}\n\n- "item" \\ \n\n${HOSTILE_TEXTS[(i + 1) % HOSTILE_TEXTS.length]}`);
    });
    // Hostile label values are quoted into JQL: no match, no syntax error.
    assert.deepEqual(await issues.findIssuesByLabels(['x" OR project = DRV OR labels = "y', "a\\b'c"]), []);
  });

  it('reads issues by key, skipping unknown keys and non-keys, and pages label searches with nextPageToken', async () => {
    const keys = await givenIssues(120, (i) => givenDraft(i, { labels: ['batch-a'] }));
    sandbox.stats.clear();
    const found = await issues.getIssues([...keys, 'DRV-99999', 'not a key', '../myself']);
    assert.deepEqual(found.map((i) => i.key).sort(), [...keys].sort());
    const byLabel = await issues.findIssuesByLabels(['batch-a', 'no-such-label']);
    assert.equal(byLabel.length, 120);
    // getIssues: a chunk of 100 keys, then 20 keys + DRV-99999 (refused by Jira, asked again
    // without it); labels: 2 pages of 100 and 20.
    assert.equal((await getStats(running.url)).jira.calls[SEARCH], 5);
    const recovered = await issues.findIssuesByLabels([`sfcase-${givenDraft(7).caseId}`]);
    assert.deepEqual(
      recovered.map((i) => i.key),
      [keys[7]],
    );
  });

  it('lists issues updated since a time in the given projects, oldest first, page by page', async () => {
    const keys = await givenIssues(120);
    await issues.createIssues([givenDraft(500, { projectKey: 'PAY', components: ['Refunds'] })]);
    const pages = await collect(issues.listUpdatedIssues(new Date(Date.now() - 120_000), ['DRV']));
    assert.deepEqual(
      pages.map((p) => p.length),
      [100, 20],
    );
    assert.deepEqual(new Set(pages.flat().map((i) => i.key)), new Set(keys));
    const updated = pages.flat().map((i) => i.updated);
    assert.deepEqual(updated, [...updated].sort());
    assert.deepEqual((await collect(issues.listUpdatedIssues(new Date(Date.now() + 3_600_000), ['DRV', 'PAY']))).flat(), []);
    await assert.rejects(collect(issues.listUpdatedIssues(new Date(), ['DRV" OR project = "PAY'])), InvalidInputError);
  });

  it('transitions issues, with an unavailable transition and a missing issue as values', async () => {
    const [key] = await givenIssues(1);
    const transitions = await issues.getTransitions(key!);
    const start = transitions.find((t) => t.toStatus === 'In Progress');
    assert.ok(start, JSON.stringify(transitions));
    assert.deepEqual(await issues.transitionIssue(key!, start.id), { ok: true, value: null });
    assert.equal((await issues.getIssues([key!]))[0]?.status, 'In Progress');
    const again = await issues.transitionIssue(key!, start.id);
    assert.ok(!again.ok && again.error.code === 'REJECTED', JSON.stringify(again));
    const missing = await issues.transitionIssue('DRV-99999', start.id);
    assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND', JSON.stringify(missing));
    const edited = await issues.updateIssue(key!, { summary: 'new summary', description: 'plain text\nbecomes ADF' });
    assert.deepEqual(edited, { ok: true, value: null });
    const [after] = await issues.getIssues([key!]);
    assert.equal(after?.description, 'plain text\nbecomes ADF');
    const gone = await issues.updateIssue('DRV-99999', { summary: 'x' });
    assert.ok(!gone.ok && gone.error.code === 'NOT_FOUND');
  });

  it('adds comments with origin properties and lists them back', async () => {
    const [key] = await givenIssues(1);
    const body = `Customer says: "it's broken" \\ 🚕\n\nВторой абзац`;
    const added = await issues.addComment(key!, body, { casebridge: { origin: 'salesforce', caseCommentId: '00aDn0000000001AAA' } });
    assert.ok(added.ok, JSON.stringify(added));
    const comments = await issues.listComments(key!);
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.id, added.value.id);
    assert.equal(comments[0]!.body, body);
    assert.deepEqual(comments[0]!.properties, { casebridge: { origin: 'salesforce', caseCommentId: '00aDn0000000001AAA' } });
    assert.equal(comments[0]!.authorAccountId, await issues.getIntegrationAccountId());
    assert.equal(comments[0]!.visibility, null);
    const missing = await issues.addComment('DRV-99999', 'x', {});
    assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND');
  });
});

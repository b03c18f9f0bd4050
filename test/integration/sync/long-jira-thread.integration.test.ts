/**
 * A case linked to an issue with a long thread. An agent types the key of a known bug whose
 * developers have written 120 customer-facing comments; Jira's `comment` field carries only the
 * newest 100 of them (with `total` 120), so a pass trusting that field would never mirror the 20
 * oldest to the case. Every one reaches the case, once.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { EMBEDDED_COMMENTS_MAX } from '../../../src/sandbox/jira/embedded-comments.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

describe('Jira comments beyond what the comment field carries (sandbox over HTTP)', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  const COUNT = EMBEDDED_COMMENTS_MAX + 20;

  before(async () => {
    h = await givenSyncHarness('sync_long_jira_thread');
  });
  after(() => h?.close());

  async function givenKnownBug(): Promise<string> {
    const response = await fetch(`${h.running.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: 'Basic eDp5', 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Bug' }, summary: 'Receipts show the wrong currency' } }),
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const { key } = JSON.parse(text) as { key: string };
    for (let n = 1; n <= COUNT; n++) await h.actJira({ type: 'comment', issueKey: key, body: `#customer Update ${n} on the currency fix.` });
    return key;
  }

  it('mirrors all 120 to the case a person linked, the oldest included, and none twice', async () => {
    const key = await givenKnownBug();
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Receipt in dollars', Status: 'Working', Priority: 'P3', Jira_Key__c: key } });
    await h.settle();
    await h.engine.enqueueCases([id]);
    await h.settle();

    const bodies = (await h.context.cases.listComments([id])).map((c) => c.body);
    const updates = Array.from({ length: COUNT }, (_, i) => `Update ${i + 1} on the currency fix.`);
    assert.deepEqual(
      updates.filter((text) => bodies.filter((body) => body.startsWith(`${text}\n\n— Jira ${key}`)).length !== 1),
      [],
      'each Jira comment on the case exactly once',
    );
    assert.deepEqual(
      (await listDeadLetters(h.db.knex)).map((l) => l.errorCode),
      [],
    );
  });
});

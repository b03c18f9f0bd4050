/**
 * Long comments end to end: the sandbox org holds CaseComment bodies to 4,000 UTF-8 bytes, as
 * Salesforce does. A Jira comment near or over that (plus casebridge's footer) reaches the case cut,
 * with a marker naming the issue, exactly once; nothing lands in dead letters.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

describe('comments over the target limit (sandbox over HTTP)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;

  // The description also goes to a single-line custom field (255 characters in Jira).
  const affectedService = sandboxFieldId('Affected Service');

  before(async () => {
    const config = givenSyncConfig();
    h = await givenSyncHarness('sync_text_limits', { config: { ...config, fields: [...config.fields, { salesforce: 'Description', jira: affectedService, jiraText: 'line', direction: 'toJira' }] } });
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(() => h?.close());

  it('mirrors 3,990-letter Hebrew, Russian and English Jira comments to the case cut to 4,000 bytes, once', async () => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Long developer notes', Status: 'Escalated', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const key = ((await sf.sobject('Case').retrieve(id)) as unknown as { Jira_Key__c: string }).Jira_Key__c;
    assert.ok(key);
    for (const letter of ['ש', 'ж', 'a']) await h.actJira({ type: 'comment', issueKey: key, body: `#customer ${letter.repeat(3_990)}` });
    await h.settle();
    await h.settle();
    const bodies = (await sf.query<{ CommentBody: string }>(`SELECT CommentBody FROM CaseComment WHERE ParentId = '${id}' ORDER BY CreatedDate`)).records.map((r) => r.CommentBody);
    assert.equal(bodies.length, 3, 'one case comment per Jira comment, no duplicate');
    for (const body of bodies) {
      assert.ok(Buffer.byteLength(body, 'utf8') <= 4_000, `${Buffer.byteLength(body, 'utf8')} bytes`);
      assert.match(body, new RegExp(`the full comment is in Jira ${key}\\]\\n\\n— Jira ${key}, comment \\d+$`));
    }
    assert.deepEqual(
      (await listDeadLetters(h.db.knex)).map((l) => l.errorCode),
      [],
    );
  });

  it('creates the issue with a long text cut to a single-line field, naming the case, and edits nothing after', async () => {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Long description', Description: 'Steps: '.repeat(300), Status: 'Escalated', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true },
    });
    await h.settle();
    const record = (await sf.sobject('Case').retrieve(id)) as unknown as { Jira_Key__c: string | null; CaseNumber: string };
    assert.ok(record.Jira_Key__c, 'the issue was created, not refused');
    const response = await fetch(`${h.running.url}/rest/api/3/issue/${record.Jira_Key__c}?fields=${affectedService}`, { headers: { authorization: 'Basic eDp5' } });
    const value = ((await response.json()) as { fields: Record<string, string> }).fields[affectedService]!;
    assert.ok(value.length <= 255, String(value.length));
    assert.ok(value.endsWith(`[full text: Salesforce case ${record.CaseNumber}]`), value);
    await h.engine.enqueueCases([id]);
    const before = h.engine.stats.issueUpdates;
    await h.settle();
    assert.equal(h.engine.stats.issueUpdates, before, 'the cut value is what the plan wants: no edit every pass');
  });
});

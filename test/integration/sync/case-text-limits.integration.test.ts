/**
 * Jira values longer than the case field they are copied to, end to end. Jira Cloud names a
 * version with up to 255 characters and an issue carries several; casebridge writes them,
 * comma-separated, to Jira_Fix_Version__c (Text(80)). Salesforce refuses a text one character over
 * its field for the whole record (STRING_TOO_LONG), so the status and assignee copied in the same
 * update would never reach the case either. The case gets them all, the fix versions cut with a
 * marker, and the next pass writes nothing again.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

interface CaseRow {
  Jira_Key__c: string | null;
  Jira_Status__c: string | null;
  Jira_Fix_Version__c: string | null;
}

describe('Jira values over the case field length (sandbox over HTTP)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;

  before(async () => {
    h = await givenSyncHarness('sync_case_text_limits');
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(() => h?.close());

  /** A version of the issue's project, created as a release manager would name it. */
  async function givenVersion(projectKey: string, name: string): Promise<void> {
    const response = await fetch(`${h.running.url}/rest/api/3/version`, {
      method: 'POST',
      headers: { authorization: 'Basic eDp5', 'content-type': 'application/json' },
      body: JSON.stringify({ name, project: projectKey }),
    });
    assert.equal(response.status, 201, await response.text());
  }

  it('copies the status with fix versions cut to Text(80), and edits nothing on the next pass', async () => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Refund stuck', Status: 'Escalated', Priority: 'P2', Topic__c: 'payments_billing', Escalate_to_Jira__c: true } });
    await h.settle();
    const key = ((await sf.sobject('Case').retrieve(id)) as unknown as CaseRow).Jira_Key__c!;
    assert.ok(key, 'the issue was created');
    const names = ['2027.02 Payments platform: card tokenisation rollout (EU)', '2027.03 Payments platform: refunds ledger migration (all regions)'];
    for (const name of names) await givenVersion(key.split('-')[0]!, name);
    await h.actJira({ type: 'editField', issueKey: key, field: 'fixVersions', value: names.map((name) => ({ name })) });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    await h.settle();

    const row = (await sf.sobject('Case').retrieve(id)) as unknown as CaseRow;
    assert.equal(row.Jira_Status__c, 'In development', 'the status reached the case in the same update');
    assert.ok(row.Jira_Fix_Version__c && row.Jira_Fix_Version__c.length <= 80, String(row.Jira_Fix_Version__c?.length));
    assert.ok(row.Jira_Fix_Version__c.startsWith(`${names[0]}, 2027.03`), row.Jira_Fix_Version__c);
    assert.ok(row.Jira_Fix_Version__c.endsWith('…'), row.Jira_Fix_Version__c);
    assert.deepEqual(
      (await listDeadLetters(h.db.knex)).map((l) => l.errorCode),
      [],
    );

    await h.engine.enqueueCases([id]);
    const before = h.engine.stats.caseUpdates;
    await h.settle();
    assert.equal(h.engine.stats.caseUpdates, before, 'the cut value is what the plan wants: no write every pass');
  });
});

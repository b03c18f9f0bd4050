/**
 * An issue moved to another project gets a new key (the sandbox does what Jira does: GET by the old
 * key answers under the new one, search knows only the new key). casebridge follows it: the link
 * takes the new key (audited), the case shows it, and the case's changes keep moving the issue;
 * nothing is reported as gone.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { listAudit } from '../../../src/adapters/store/audit-log.js';
import { listDeadLetters } from '../../../src/adapters/store/dead-letters.js';
import { findLiveLinks } from '../../../src/adapters/store/links.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenWebhookApp } from '../../helpers/webhook-app.js';
import { waitForPushes } from '../../helpers/push-recorder.js';

const SECRET = 'moved-issue-webhook-secret';

describe('moved issues (sandbox over HTTP)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;

  before(async () => {
    h = await givenSyncHarness('sync_moved_issue', { sandbox: { webhookSecret: SECRET } });
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(() => h?.close());

  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as { Jira_Key__c: string; Jira_URL__c: string; Jira_Status__c: string };
  const issueStatus = async (key: string) => {
    const response = await fetch(`${h.running.url}/rest/api/3/issue/${key}?fields=status`, { headers: { authorization: 'Basic eDp5' } });
    return ((await response.json()) as { key: string; fields: { status: { name: string } } }).fields.status.name;
  };

  it('follows the issue to its new key, updates the link and the case, and keeps syncing', async () => {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Payout missing for driver', Status: 'Escalated', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true },
    });
    await h.settle();
    const oldKey = (await readCase(id)).Jira_Key__c;
    assert.match(oldKey, /^DRV-\d+$/);

    const moved = (await h.actJira({ type: 'move', issueKey: oldKey, toProject: 'PAY' })) as { key: string };
    assert.match(moved.key, /^PAY-\d+$/);
    // The agent closes the case: that change must reach the issue under its new key.
    await h.actSalesforce({ action: 'closeCase', caseId: id, status: 'Closed' });
    await h.settle();

    const record = await readCase(id);
    assert.equal(record.Jira_Key__c, moved.key);
    assert.match(record.Jira_URL__c, new RegExp(`/browse/${moved.key}$`));
    assert.equal(await issueStatus(moved.key), 'Done');
    assert.deepEqual(
      (await findLiveLinks(h.db.knex, id)).map((l) => l.issueKey),
      [moved.key],
    );
    const followed = (await listAudit(h.db.knex, { objectId: id, system: 'casebridge' })).filter((e) => e.action === 'follow-move');
    assert.deepEqual(
      followed.map((e) => [e.before, e.after]),
      [[{ issueKey: oldKey }, { issueKey: moved.key }]],
    );
    assert.deepEqual(
      (await listDeadLetters(h.db.knex)).map((l) => l.errorCode),
      [],
      'not reported as gone',
    );

    await h.engine.enqueueCases([id]);
    await h.settle();
    assert.equal((await readCase(id)).Jira_Key__c, moved.key, 'the new key is not mistaken for a key an agent typed');
    assert.equal((await listAudit(h.db.knex, { objectId: id, system: 'casebridge' })).filter((e) => e.action === 'follow-move').length, 1);
  });

  it('still reports an issue that is really gone', async () => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Ghost issue', Status: 'Escalated', Priority: 'P3', Topic__c: 'rider_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c;
    const response = await fetch(`${h.running.url}/rest/api/3/issue/${key}`, { method: 'DELETE', headers: { authorization: 'Basic eDp5' } });
    assert.equal(response.status, 204);
    await h.actSalesforce({ action: 'closeCase', caseId: id, status: 'Closed' });
    await h.settle();
    assert.ok((await listDeadLetters(h.db.knex)).some((l) => l.errorCode === 'ISSUE_NOT_FOUND'));
  });

  it("follows a move Jira's webhook reports, with no change on the case", async () => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Fare shown twice', Status: 'Escalated', Priority: 'P2', Topic__c: 'rider_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const oldKey = (await readCase(id)).Jira_Key__c;
    const web = await givenWebhookApp(h, { secret: SECRET, organizationId: '00D000000000001AAA' });
    const point = (url: string | null) => fetch(`${h.running.url}/__sandbox/webhook`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
    try {
      assert.equal((await point(`${web.url}/webhooks/jira`)).status, 204);
      const moved = (await h.actJira({ type: 'move', issueKey: oldKey, toProject: 'DSP' })) as { key: string };
      await waitForPushes(h.sandbox);
      assert.ok(
        web.enqueued.issues.some((keys) => keys.includes(oldKey)),
        JSON.stringify(web.enqueued.issues),
      );
      await h.engine.drain();
      assert.equal((await readCase(id)).Jira_Key__c, moved.key);
    } finally {
      await point(null);
      await web.close();
    }
  });

  it('follows a move the Jira poll sees (the issue shows under its new key only)', async () => {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Receipt language wrong', Status: 'Escalated', Priority: 'P3', Topic__c: 'rider_app', Escalate_to_Jira__c: true },
    });
    await h.settle();
    const oldKey = (await readCase(id)).Jira_Key__c;
    const moved = (await h.actJira({ type: 'move', issueKey: oldKey, toProject: 'OPS' })) as { key: string };
    await h.settle();
    assert.equal((await readCase(id)).Jira_Key__c, moved.key);
  });

  it('links a case whose agent typed the old key of a moved issue to the issue under its new key', async () => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Promo code rejected', Status: 'Escalated', Priority: 'P3', Topic__c: 'rider_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const oldKey = (await readCase(id)).Jira_Key__c;
    const moved = (await h.actJira({ type: 'move', issueKey: oldKey, toProject: 'PAY' })) as { key: string };
    const { id: other } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Same promo problem', Status: 'Working', Priority: 'P3', Jira_Key__c: oldKey } });
    await h.settle();
    assert.deepEqual(
      (await findLiveLinks(h.db.knex, other)).map((l) => [l.issueKey, l.origin]),
      [[moved.key, 'linked']],
    );
    assert.equal((await readCase(other)).Jira_Key__c, moved.key);
    assert.ok(!(await listDeadLetters(h.db.knex)).some((l) => l.errorCode === 'UNKNOWN_ISSUE_KEY'));
  });
});

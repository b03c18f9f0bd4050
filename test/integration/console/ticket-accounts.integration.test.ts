/**
 * Account names for people: the sync pass reads the case's Account.Name through the emulator's
 * query resource (a nested `Account` object, or `Account: null` for a case without an account, as
 * Salesforce answers) and keeps it with the id on the ticket, where the console's pages read it.
 */
import assert from 'node:assert/strict';
import { Connection } from 'jsforce';
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import { getTickets } from '../../../src/adapters/store/tickets.js';
import { loadConfigDir } from '../../../src/config/load.js';
import type { SlaConfig } from '../../../src/config/schemas/sla.js';
import { compileSla } from '../../../src/domain/sla/engine.js';
import { createSlaExtension } from '../../../src/engine/extensions/sla-extension.js';
import { sandboxSlaFields } from '../../helpers/jira-fields.js';
import { givenSyncHarness, type SyncHarness } from '../../helpers/sync-harness.js';

describe('ticket accounts from the sync pass (sandbox)', function () {
  this.timeout(30_000);
  let h: SyncHarness;
  let sf: Connection;

  before(async () => {
    h = await givenSyncHarness('ticket_accounts');
    const loaded = loadConfigDir('config', { only: ['sla'] });
    if (!loaded.ok) throw new Error('config/sla.yaml does not load');
    const sla = compileSla(loaded.config.sla as SlaConfig, createDateHolidaysProvider());
    const notifier = { sendSlaAlert: async () => undefined, sendReport: async () => undefined };
    const extension = createSlaExtension({ sla, notifier, nowMs: () => Date.now(), jiraFields: sandboxSlaFields() });
    h.context.extensions = [...(h.context.extensions ?? []).filter((e) => e.name !== 'sla'), extension];
    sf = new Connection({ instanceUrl: h.running.url, accessToken: 'test-session', version: '62.0' });
  });
  after(async () => h?.close());

  it("stores the account's id and name for a case with an account, and nulls for one without", async () => {
    const account = (await sf.query<{ Id: string; Name: string }>("SELECT Id, Name FROM Account WHERE Name = 'Volga Freight' LIMIT 1")).records[0]!;
    const base = { Status: 'Escalated', Priority: 'P2', Customer_Tier__c: 'Corporate', Region__c: 'RU', Topic__c: 'corporate_portal', Escalate_to_Jira__c: true };
    const withAccount = await h.actSalesforce({ action: 'createCase', fields: { ...base, Subject: 'Invoices missing', AccountId: account.Id } });
    const without = await h.actSalesforce({ action: 'createCase', fields: { ...base, Subject: 'Walk-in rider', AccountId: null } });
    await h.settle();
    const tickets = new Map((await getTickets(h.db.knex, [withAccount.id, without.id])).map((t) => [t.caseId, t]));
    assert.deepEqual([tickets.get(withAccount.id)?.accountId, tickets.get(withAccount.id)?.accountName], [account.Id, 'Volga Freight']);
    assert.deepEqual([tickets.get(without.id)?.accountId, tickets.get(without.id)?.accountName], [null, null]);
  });

  it("a renamed account reaches the ticket at the case's next pass", async () => {
    const account = (await sf.query<{ Id: string }>("SELECT Id FROM Account WHERE Name = 'Volga Freight' LIMIT 1")).records[0]!;
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Rename me', Status: 'Escalated', Priority: 'P3', AccountId: account.Id, Escalate_to_Jira__c: true } });
    await h.settle();
    // An admin renames the account; Accounts are read-only through the emulator's API.
    h.sandbox.salesforce.store.get('Account', account.Id)!.Name = 'Volga Freight Logistics';
    await h.actSalesforce({ action: 'editCase', caseId: id, fields: { Status: 'Working' } });
    await h.settle();
    assert.equal((await getTickets(h.db.knex, [id]))[0]?.accountName, 'Volga Freight Logistics');
  });
});

/**
 * A `direction: both` mapping end to end (Priority ↔ priority, P1 ↔ Highest …) against the sandbox:
 * a change on either side reaches the other, the write coming back costs no write, and when both
 * sides changed the later change wins with the overwritten value in the audit log.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { listAudit } from '../../../src/adapters/store/audit-log.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

describe('direction: both (sandbox over HTTP)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;
  let caseId: string;
  let key: string;

  before(async () => {
    const config = givenSyncConfig();
    h = await givenSyncHarness('sync_both', { config: { ...config, fields: config.fields.map((f) => (f.salesforce === 'Priority' ? { ...f, direction: 'both' as const } : f)) } });
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
    ({ id: caseId } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Surge pricing shown twice', Status: 'Escalated', Priority: 'P2', Topic__c: 'dispatch_pricing', Escalate_to_Jira__c: true },
    }));
    await h.settle();
    key = ((await sf.sobject('Case').retrieve(caseId)) as unknown as { Jira_Key__c: string }).Jira_Key__c;
    assert.match(key, /^DSP-\d+$/);
  });
  after(() => h?.close());

  const casePriority = async () => ((await sf.sobject('Case').retrieve(caseId)) as unknown as { Priority: string }).Priority;
  const issuePriority = async () => {
    const response = await fetch(`${h.running.url}/rest/api/3/issue/${key}?fields=priority`, { headers: { authorization: 'Basic eDp5' } });
    return ((await response.json()) as { fields: { priority: { name: string } } }).fields.priority.name;
  };
  const writesDuring = async (work: () => Promise<unknown>) => {
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    await work();
    const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
    const isWrite = (route: string) => !route.startsWith('GET ') && !/\/query|\/search\/jql/.test(route);
    return Object.fromEntries(
      (['salesforce', 'jira'] as const).map((system) => [
        system,
        Object.entries(stats[system].calls)
          .filter(([route]) => isWrite(route))
          .reduce((n, [, c]) => n + c, 0),
      ]),
    );
  };

  it('a Jira change reaches the case, and the write coming back writes nothing more', async () => {
    await h.actJira({ type: 'editField', issueKey: key, field: 'priority', value: { name: 'Low' } });
    await h.settle();
    assert.equal(await casePriority(), 'P4');
    assert.deepEqual(await writesDuring(() => h.settle()), { salesforce: 0, jira: 0 });
  });

  it('a case change reaches Jira', async () => {
    await h.actSalesforce({ action: 'editCase', caseId, fields: { Priority: 'P1' } });
    await h.settle();
    assert.equal(await issuePriority(), 'Highest');
    assert.equal(await casePriority(), 'P1');
  });

  it('when both changed, the later change wins and the overwrite is audited', async () => {
    await h.actSalesforce({ action: 'editCase', caseId, fields: { Priority: 'P3' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.actJira({ type: 'editField', issueKey: key, field: 'priority', value: { name: 'Low' } });
    await h.settle();
    assert.equal(await casePriority(), 'P4', 'the developer changed it later');
    assert.equal(await issuePriority(), 'Low');
    const conflicts = (await listAudit(h.db.knex, { objectId: caseId, system: 'casebridge' })).filter((e) => e.action === 'overwrite');
    assert.equal(conflicts.length, 1, JSON.stringify(conflicts));
    assert.deepEqual({ before: conflicts[0]!.before, after: conflicts[0]!.after }, { before: { Priority: 'P3' }, after: { Priority: 'Low', winner: 'jira' } });
  });
});

/**
 * "Echoes cost nothing" for new mirrors: after the pass that creates the issues and writes their
 * keys back, a poll of both systems finds only casebridge's own writes and queues nothing, and a
 * further pass writes nothing to either system.
 */
import assert from 'node:assert/strict';
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import { loadConfigDir } from '../../../src/config/load.js';
import type { SlaConfig } from '../../../src/config/schemas/sla.js';
import { compileSla } from '../../../src/domain/sla/engine.js';
import { createSlaExtension } from '../../../src/engine/extensions/sla-extension.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { sandboxSlaFields } from '../../helpers/jira-fields.js';

describe("casebridge's own writes cost no pass (sandbox over HTTP)", function () {
  this.timeout(60_000);
  let h: SyncHarness;

  before(async () => {
    h = await givenSyncHarness('sync_own_echo');
    // As `sync --once` and `start` run it: the SLA extension writes SLA state onto cases and issues in every pass.
    const loaded = loadConfigDir('config', { only: ['sla'] });
    if (!loaded.ok) throw new Error('config/sla.yaml does not load');
    const sla = compileSla(loaded.config.sla as SlaConfig, createDateHolidaysProvider());
    h.context.extensions = [createSlaExtension({ sla, notifier: undefined, jiraFields: sandboxSlaFields() })];
  });
  after(() => h?.close());

  const writes = async () => {
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

  it('mirrors 30 new cases in one pass; the next poll of both systems queues 0 jobs and a pass writes nothing', async () => {
    const topics = ['driver_app', 'payments_billing', 'rider_app'];
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { id } = await h.actSalesforce({
        action: 'createCase',
        fields: {
          Subject: `Echo check ${i}`,
          Description: `case ${i}`,
          Status: 'Escalated',
          Priority: 'P2',
          Customer_Tier__c: 'Corporate',
          Region__c: 'GB',
          Topic__c: topics[i % 3],
          Escalate_to_Jira__c: true,
        },
      });
      ids.push(id);
    }
    const first = await h.engine.pollOnce();
    assert.equal(first.cases, 30);
    await h.engine.drain();
    assert.equal(h.engine.stats.created, 30);

    const second = await h.engine.pollOnce();
    assert.deepEqual(second, { cases: 0, issues: 0 }, 'our own creates and write-backs are recognised');
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    assert.equal(await h.engine.drain(), 0);
    await h.engine.pollOnce();
    assert.equal(await h.engine.drain(), 0);
    // A pass over the same cases anyway (a duplicate event, a retried letter) finds nothing to write.
    await h.engine.enqueueCases(ids);
    assert.equal(await h.engine.drain(), 30);
    assert.deepEqual(await writes(), { salesforce: 0, jira: 0 });
  });
});

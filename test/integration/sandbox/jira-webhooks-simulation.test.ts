/**
 * The Jira emulator's own activity and reset: seeding realistic issues sends no webhooks while
 * simulated developers (not the integration user) fire signed ones; a reset stops pending retries,
 * and actor actions with a missing field or issue are refused.
 */
import assert from 'node:assert/strict';
import { hasValidSignature, startReceiver, useJiraWebhookRig } from './jira-webhooks-rig.js';

describe('Jira emulator webhooks: seeding, simulation and reset', function () {
  this.timeout(20_000);
  const rig = useJiraWebhookRig();

  it('seeds realistic issues silently, then simulates developers who fire webhooks', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      server.emulator.setWebhookTarget(receiver.url, 'hook-secret');
      server.emulator.seed(40);
      const page = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'labels = sandbox-seed', fields: ['project', 'summary'], maxResults: 100 });
      assert.equal(page.issues?.length, 40);
      assert.equal(new Set(page.issues?.map((i) => i.fields.project?.key)).size, 8);
      assert.ok(
        page.issues?.some((i) => /[\u0590-\u05FF]/.test(i.fields.summary)),
        'some Hebrew summaries',
      );
      assert.ok(
        page.issues?.some((i) => /[\u0400-\u04FF]/.test(i.fields.summary)),
        'some Russian summaries',
      );
      await server.emulator.whenWebhooksIdle();
      assert.equal(receiver.deliveries.length, 0, 'seeding sends no webhooks');
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let step = 0; step < 5; step += 1) await server.emulator.simulateStep(random);
      await server.emulator.whenWebhooksIdle();
      assert.ok(receiver.deliveries.length >= 5);
      for (const delivery of receiver.deliveries) {
        assert.ok(hasValidSignature(delivery, 'hook-secret'));
        const actor = (delivery.body['user'] ?? (delivery.body['comment'] as { author?: unknown } | undefined)?.author) as { accountId: string };
        assert.notEqual(actor.accountId, 'integration-casebridge', 'simulated activity comes from people');
      }
    } finally {
      await receiver.close();
    }
  });

  it('stops retrying on reset and validates actor actions', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver([500, 500, 500, 500]);
    try {
      server.emulator.setWebhookTarget(receiver.url, 's');
      await client.issues.createIssue({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x' } });
      while (receiver.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      server.emulator.reset();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.deliveries.length, 1, 'no retry after reset');
      const bad = await server.emulator.runActor({ type: 'transition', issueKey: 'OPS-1' });
      assert.equal(bad.ok, false);
      assert.match(bad.ok ? '' : bad.error, /toStatus/);
      const missing = await server.emulator.runActor({ type: 'assign', issueKey: 'OPS-1', accountId: 'dev-maya-cohen' });
      assert.deepEqual(missing, { ok: false, error: 'Issue OPS-1 does not exist.' });
    } finally {
      await receiver.close();
    }
  });
});

/**
 * Webhooks registered with the Jira emulator: admin webhooks through /rest/webhooks/1.0/webhook
 * (with a secret, a JQL filter, listed, refused, deleted, authenticated) sign their deliveries;
 * dynamic (app) webhooks filter by event and jqlFilter and, like Jira Cloud's, carry no signature.
 */
import assert from 'node:assert/strict';
import { type Delivery, hasValidSignature, startReceiver, useJiraWebhookRig } from './jira-webhooks-rig.js';

describe('Jira emulator webhooks: registration', function () {
  this.timeout(20_000);
  const rig = useJiraWebhookRig();

  it('registers admin webhooks with a secret through /rest/webhooks/1.0/webhook and signs their deliveries', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      const registered = await server.request('POST', '/rest/webhooks/1.0/webhook', {
        name: 'casebridge',
        url: receiver.url,
        events: ['jira:issue_created', 'comment_created'],
        filters: { 'issue-related-events-section': 'project = AUTH' },
        excludeBody: false,
        secret: 'admin-secret',
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const self = (registered.body as { self: string }).self;
      assert.match(self, /\/rest\/webhooks\/1\.0\/webhook\/\d+$/);
      await client.issues.createIssue({ fields: { project: { key: 'AUTH' }, issuetype: { name: 'Task' }, summary: 'MFA loop' } });
      await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'not for this hook' } });
      await server.emulator.whenWebhooksIdle();
      assert.equal(receiver.deliveries.length, 1);
      assert.ok(hasValidSignature(receiver.deliveries[0] as Delivery, 'admin-secret'));
      const listed = await server.request('GET', '/rest/webhooks/1.0/webhook');
      assert.deepEqual(
        (listed.body as { name: string }[]).map((w) => w.name),
        ['casebridge'],
      );
      const refused = await server.request('POST', '/rest/webhooks/1.0/webhook', { name: 'x', url: 'not a url', events: ['jira:issue_created'] });
      assert.equal(refused.status, 400);
      const id = self.split('/').pop() as string;
      assert.equal((await server.request('DELETE', `/rest/webhooks/1.0/webhook/${id}`)).status, 204);
      assert.equal((await server.request('GET', `/rest/webhooks/1.0/webhook/${id}`)).status, 404);
      const anonymous = await fetch(`${server.baseUrl}/rest/webhooks/1.0/webhook`);
      assert.equal(anonymous.status, 401);
    } finally {
      await receiver.close();
    }
  });

  it('filters dynamic (app) webhooks by event and jqlFilter; like Jira Cloud they carry no HMAC signature', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      const registered = await client.webhooks.registerDynamicWebhooks({ url: receiver.url, webhooks: [{ events: ['jira:issue_updated'], jqlFilter: 'project = PAY AND issuetype = Bug' }] });
      assert.equal(typeof registered.webhookRegistrationResult?.[0]?.createdWebhookId, 'number');
      const pay = await client.issues.createIssue({ fields: { project: { key: 'PAY' }, issuetype: { name: 'Bug' }, summary: 'Card declined' } });
      const drv = await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Bug' }, summary: 'Trip lost' } });
      await client.issues.editIssue({ issueIdOrKey: pay.key, fields: { summary: 'Card declined twice' } });
      await client.issues.editIssue({ issueIdOrKey: drv.key, fields: { summary: 'Trip lost twice' } });
      await server.emulator.whenWebhooksIdle();
      assert.deepEqual(
        receiver.deliveries.map((d) => (d.body['issue'] as { key: string }).key),
        [pay.key],
      );
      assert.equal(receiver.deliveries[0]?.headers['x-hub-signature'], undefined);
      const listed = await client.webhooks.getDynamicWebhooksForApp();
      assert.equal(listed.values?.[0]?.jqlFilter, 'project = PAY AND issuetype = Bug');
    } finally {
      await receiver.close();
    }
  });
});

/**
 * What the Jira emulator delivers for issue changes: HMAC-SHA256 signatures over the raw body, the
 * same delivery again after a 500, jira:issue_updated in Jira Cloud's payload shape (validated
 * against the REST spec) by the developer who acted, comment_created plus issue_commented for a
 * comment, and jira:issue_deleted with the issue as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JiraOpenApiValidator } from './jira-openapi-validator.js';
import { type Delivery, hasValidSignature, startReceiver, useJiraWebhookRig } from './jira-webhooks-rig.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/jira/webhook-issue-updated.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('Jira emulator webhooks: deliveries', function () {
  this.timeout(20_000);
  const rig = useJiraWebhookRig();

  it('signs deliveries with HMAC-SHA256 of the raw body and retries after a 500', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver([500]);
    try {
      server.emulator.setWebhookTarget(receiver.url, 'hook-secret');
      const { key } = await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'Водитель 🚕 "quoted"' } });
      await server.emulator.whenWebhooksIdle();
      assert.equal(receiver.deliveries.length, 2);
      const [failed, retried] = receiver.deliveries as [Delivery, Delivery];
      assert.ok(hasValidSignature(failed, 'hook-secret'));
      assert.ok(hasValidSignature(retried, 'hook-secret'));
      assert.ok(!hasValidSignature(retried, 'wrong-secret'));
      assert.equal(retried.rawBody, failed.rawBody);
      assert.equal(retried.headers['x-atlassian-webhook-identifier'], failed.headers['x-atlassian-webhook-identifier']);
      assert.equal(retried.headers['x-atlassian-webhook-retry'], '1');
      assert.equal(retried.body['webhookEvent'], 'jira:issue_created');
      const issue = retried.body['issue'] as { key: string; fields: Record<string, unknown> };
      assert.equal(issue.key, key);
      assert.equal(issue.fields['summary'], 'Водитель 🚕 "quoted"');
      assert.equal((retried.body['user'] as { accountId: string }).accountId, 'integration-casebridge');
    } finally {
      await receiver.close();
    }
  });

  it("reports a developer transition as jira:issue_updated in Jira Cloud's payload shape, by the developer", async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      const { key } = await client.issues.createIssue({ fields: { project: { key: 'DRV' }, issuetype: { name: 'Bug' }, summary: 'Payout' } });
      server.emulator.setWebhookTarget(receiver.url, 'hook-secret');
      const outcome = await server.emulator.runActor({ type: 'transition', issueKey: key, toStatus: 'In Progress', by: 'dev-maya-cohen' });
      assert.deepEqual(outcome, { ok: true, result: { key, status: 'In Progress', transition: 'Start Progress' } });
      await server.emulator.whenWebhooksIdle();
      const delivery = receiver.deliveries[0] as Delivery;
      const expectedKeys = Object.keys(fixture)
        .filter((k) => !k.startsWith('_'))
        .sort();
      assert.deepEqual(Object.keys(delivery.body).sort(), expectedKeys);
      assert.equal(delivery.body['issue_event_type_name'], 'issue_generic');
      assert.equal((delivery.body['user'] as { accountId: string }).accountId, 'dev-maya-cohen');
      const changelog = delivery.body['changelog'] as { id: string; items: Record<string, unknown>[] };
      const fixtureItem = (fixture['changelog'] as { items: Record<string, unknown>[] }).items[0] ?? {};
      assert.deepEqual(Object.keys(changelog.items[0] ?? {}).sort(), Object.keys(fixtureItem).sort());
      assert.deepEqual(changelog.items[0], { field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'To Do', to: '10001', toString: 'In Progress' });
      const status = (delivery.body['issue'] as { fields: { status: { name: string } } }).fields.status;
      assert.equal(status.name, 'In Progress');
      // The embedded issue, user and changelog items use the REST shapes, so they validate against the spec.
      const spec = new JiraOpenApiValidator();
      spec.assertComponent('IssueBean', delivery.body['issue']);
      spec.assertComponent('UserDetails', delivery.body['user']);
      for (const item of changelog.items) spec.assertComponent('ChangeDetails', item);
    } finally {
      await receiver.close();
    }
  });

  it('sends comment_created and jira:issue_updated (issue_commented) for a developer comment', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      const { key } = await client.issues.createIssue({ fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Refund' } });
      server.emulator.setWebhookTarget(receiver.url);
      const outcome = await server.emulator.runActor({ type: 'comment', issueKey: key, body: 'Fixed in 2026.12 — תודה', by: 'dev-tamar-mizrahi' });
      assert.equal(outcome.ok, true);
      await server.emulator.whenWebhooksIdle();
      // Deliveries run concurrently, so arrival order is not guaranteed (nor is it in Jira Cloud).
      const events = receiver.deliveries.map((d) => `${String(d.body['webhookEvent'])}/${String(d.body['issue_event_type_name'] ?? '')}`).sort();
      assert.deepEqual(events, ['comment_created/', 'jira:issue_updated/issue_commented']);
      const created = receiver.deliveries.find((d) => d.body['webhookEvent'] === 'comment_created') as Delivery;
      const comment = created.body['comment'] as { author: { accountId: string }; body: unknown };
      assert.equal(comment.author.accountId, 'dev-tamar-mizrahi');
      assert.ok(hasValidSignature(created, 'dynamic-secret'), 'without its own secret the target uses the emulator-wide one');
    } finally {
      await receiver.close();
    }
  });

  it('reports deletions as jira:issue_deleted with the issue as it was', async () => {
    const { server, client } = rig;
    const receiver = await startReceiver();
    try {
      const { key } = await client.issues.createIssue({ fields: { project: { key: 'RDR' }, issuetype: { name: 'Task' }, summary: 'Duplicate of RDR-1' } });
      server.emulator.setWebhookTarget(receiver.url, 'hook-secret');
      await client.issues.deleteIssue({ issueIdOrKey: key });
      await server.emulator.whenWebhooksIdle();
      assert.deepEqual(
        receiver.deliveries.map((d) => [d.body['webhookEvent'], (d.body['issue'] as { key: string }).key]),
        [['jira:issue_deleted', key]],
      );
    } finally {
      await receiver.close();
    }
  });
});

import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Version3Client } from 'jira.js';
import { JiraOpenApiValidator } from './jira-openapi-validator.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

/** A webhook receiver that answers the scripted statuses in order (then 200) and keeps every delivery. */
async function startReceiver(statuses: number[] = []): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) as Record<string, unknown> });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jira/webhook`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies `X-Hub-Signature: sha256=<hex>` over the raw body, as casebridge's receiver must. */
function hasValidSignature(delivery: Delivery, secret: string): boolean {
  const header = delivery.headers['x-hub-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(delivery.rawBody).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/jira/webhook-issue-updated.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('Jira emulator webhooks', function () {
  this.timeout(20_000);
  let server: JiraTestServer;
  let client: Version3Client;

  beforeEach(async () => {
    server = await startJiraTestServer({ webhookRetryDelaysMs: [50, 100], webhookSecret: 'dynamic-secret' });
    client = new Version3Client({ host: server.baseUrl, authentication: { basic: { email: 'casebridge@integration.example', apiToken: 't' } } });
  });
  afterEach(async () => {
    await server.close();
  });

  it('signs deliveries with HMAC-SHA256 of the raw body and retries after a 500', async () => {
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

  it('registers admin webhooks with a secret through /rest/webhooks/1.0/webhook and signs their deliveries', async () => {
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

  it('reports deletions as jira:issue_deleted with the issue as it was', async () => {
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

  it('filters dynamic (app) webhooks by event and jqlFilter; like Jira Cloud they carry no HMAC signature', async () => {
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

  it('seeds realistic issues silently, then simulates developers who fire webhooks', async () => {
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

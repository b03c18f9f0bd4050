/**
 * POST /webhooks/jira over real HTTP, with real signed deliveries captured from the sandbox: a
 * signed delivery queues its issue and the queued job syncs the case; a replayed body is accepted
 * byte for byte; bad signatures, the integration user's own changes, unusable payloads and a
 * refusing queue are answered without queueing or writing anything (see webhooks-endpoint-rig.ts).
 */
import assert from 'node:assert/strict';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { signHub } from '../../helpers/webhook-app.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';
import { startPushRecorder, waitForPushes } from '../../helpers/push-recorder.js';
import type { PushRecorder, RecordedDelivery } from '../../helpers/push-recorder.js';
import { WEBHOOK_SECRET as SECRET, useWebhookEndpointRig } from './webhooks-endpoint-rig.js';

describe('push endpoints over HTTP (Jira webhooks, Salesforce outbound messages): Jira', function () {
  this.timeout(30_000);
  const rig = useWebhookEndpointRig('sync_webhooks_jira');
  const { pointSandboxAt, readCase, clearStats, assertNothingQueued } = rig;
  let h: SyncHarness;
  let web: WebhookApp;
  // Only this suite replays deliveries captured from the sandbox, so only it runs a recorder.
  let recorder: PushRecorder;

  before(async () => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ h, web } = rig);
    recorder = await startPushRecorder();
  });
  after(async () => {
    await recorder?.close();
  });
  beforeEach(() => {
    recorder.deliveries.length = 0;
  });

  const escalate = async (subject: string) => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: subject, Status: 'Escalated', Priority: 'P2', Origin: 'Web', Topic__c: 'driver_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c as string;
    assert.match(key, /^DRV-\d+$/);
    return { id, key };
  };
  /** Has a developer act while the sandbox delivers to the recorder; returns the real signed deliveries. */
  const captureJira = async (act: () => Promise<unknown>): Promise<RecordedDelivery[]> => {
    await pointSandboxAt(recorder.jiraUrl, undefined);
    await act();
    await waitForPushes(h.sandbox);
    await pointSandboxAt(undefined, undefined);
    const captured = recorder.deliveries.filter((d) => d.kind === 'jira');
    recorder.deliveries.length = 0;
    assert.ok(captured.length > 0, 'the sandbox delivered a webhook');
    return captured;
  };

  describe('POST /webhooks/jira', () => {
    it('accepts a delivery the sandbox signed, queues the issue, and the queued job syncs the case (no poll)', async () => {
      const { id, key } = await escalate('Trip history empty after update');
      await pointSandboxAt(`${web.url}/webhooks/jira`, undefined);
      await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
      await waitForPushes(h.sandbox);
      assert.deepEqual(web.enqueued.issues, [[key]]);
      assert.deepEqual(web.outcomes, ['queued']);
      assert.equal(await h.engine.drain(), 1, 'one job, from the webhook');
      assert.equal((await readCase(id)).Jira_Status__c, 'In development');
    });

    it('answers 202 to a replayed signed body with the exact bytes it was signed over', async () => {
      const { key } = await escalate('Earnings screen blank');
      const [delivery] = await captureJira(() => h.actJira({ type: 'assign', issueKey: key, accountId: 'dev-noam-levi' }));
      const response = await web.postJira(delivery!.body, { 'x-hub-signature': delivery!.signature! });
      assert.equal(response.status, 202);
      assert.deepEqual(JSON.parse(response.text), { queued: [key] });
      assert.deepEqual(web.enqueued.issues, [[key]]);
      assert.equal(await h.engine.drain(), 1);
    });

    it('refuses with 401, queueing and writing nothing, every delivery whose signature does not verify', async () => {
      const { key } = await escalate('Navigation freezes on long trips');
      const [delivery] = await captureJira(() => h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' }));
      const body = delivery!.body;
      const good = signHub(body, SECRET);
      assert.equal(delivery!.signature, good, 'the sandbox signs like Jira: sha256 HMAC of the raw body');
      const reserialised = JSON.stringify(JSON.parse(body), null, 2);
      assert.notEqual(reserialised, body);
      const tampered = body.replace('"In Progress"', '"Done"');
      assert.notEqual(tampered, body);
      const cases: Array<[string, string | Buffer, Record<string, string>]> = [
        ['no X-Hub-Signature header', body, {}],
        ['empty header', body, { 'x-hub-signature': '' }],
        ['signed with another secret', body, { 'x-hub-signature': signHub(body, 'not-the-secret') }],
        ['signature over the same JSON with other whitespace', reserialised, { 'x-hub-signature': good }],
        ['body changed after signing', tampered, { 'x-hub-signature': good }],
        ['hex one byte short', body, { 'x-hub-signature': good.slice(0, -2) }],
        ['hex one byte long', body, { 'x-hub-signature': `${good}00` }],
        ['odd-length hex', body, { 'x-hub-signature': good.slice(0, -1) }],
        ['not hex at all', body, { 'x-hub-signature': `sha256=${'zz'.repeat(32)}` }],
        ['sha1= prefix with a valid sha1 HMAC', body, { 'x-hub-signature': signHub(body, SECRET, 'sha1') }],
        ['sha1= prefix carrying the sha256 hex', body, { 'x-hub-signature': good.replace('sha256=', 'sha1=') }],
        ['bare hex without prefix', body, { 'x-hub-signature': good.slice('sha256='.length) }],
      ];
      await clearStats();
      for (const [name, sent, headers] of cases) {
        const response = await web.postJira(sent, headers);
        assert.equal(response.status, 401, name);
        assert.equal((JSON.parse(response.text) as { error: { code: string } }).error.code, 'INVALID_SIGNATURE', name);
      }
      assert.deepEqual(
        web.outcomes,
        cases.map(() => 'rejected'),
      );
      await assertNothingQueued('refused deliveries');
      // The genuine delivery is still accepted afterwards: the refusals did not poison anything.
      assert.equal((await web.postJira(body, { 'x-hub-signature': good })).status, 202);
      assert.equal(await h.engine.drain(), 1);
    });

    it("answers 204 and queues nothing for an event caused by casebridge's own API user", async () => {
      const { id, key } = await escalate('Cannot go online');
      // The agent closes the case; the engine's own transitions come back as deliveries by the API user.
      await h.actSalesforce({ action: 'closeCase', caseId: id, status: 'Closed' });
      const deliveries = await captureJira(() => h.settle());
      const integrationAccountId = await h.context.issues.getIntegrationAccountId();
      for (const delivery of deliveries) {
        const payload = JSON.parse(delivery.body) as { user?: { accountId?: string }; issue?: { key: string } };
        assert.equal(payload.user?.accountId, integrationAccountId, 'the echo names the integration user');
        assert.equal(payload.issue?.key, key);
        const response = await web.postJira(delivery.body, { 'x-hub-signature': delivery.signature! });
        assert.equal(response.status, 204);
      }
      assert.deepEqual(
        web.outcomes,
        deliveries.map(() => 'own-change'),
      );
      await assertNothingQueued('own-change deliveries');
    });

    it('answers 400 to signed bodies that are not Jira webhook payloads, 204 to events without an issue', async () => {
      const post = (body: string) => web.postJira(body, { 'x-hub-signature': signHub(body, SECRET) });
      assert.equal((await post('{"webhookEvent": ')).status, 400, 'truncated JSON');
      assert.equal((await post(JSON.stringify({ issue: { key: 'DRV-1' } }))).status, 400, 'no webhookEvent');
      assert.equal((await post(JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { key: 'DRV-1 OR 1=1' } }))).status, 400, 'issue key that is not a key');
      assert.equal((await post(JSON.stringify({ webhookEvent: 'project_created', project: { key: 'NEW' } }))).status, 204, 'no issue: nothing to do');
      await assertNothingQueued('unusable payloads');
    });

    it('answers an error (not 2xx) when the queue refuses the job, so Jira delivers again', async () => {
      const { key } = await escalate('Payout history wrong');
      const [delivery] = await captureJira(() => h.actJira({ type: 'setFixVersion', issueKey: key, version: '2026.12' }));
      web.failEnqueue = true;
      const refused = await web.postJira(delivery!.body, { 'x-hub-signature': delivery!.signature! });
      assert.equal(refused.status, 500);
      await assertNothingQueued('failed enqueue');
      web.failEnqueue = false;
      assert.equal((await web.postJira(delivery!.body, { 'x-hub-signature': delivery!.signature! })).status, 202, 'the redelivery is accepted');
      assert.equal(await h.engine.drain(), 1);
    });
  });
});

/**
 * The push endpoints over real HTTP: the casebridge app on port 0 wired to a harness engine, real
 * signed Jira deliveries and real SOAP outbound messages — captured from the sandbox where they can
 * be — including the ones that must be refused. "Nothing queued" is checked three ways: the
 * endpoint's enqueue calls, `engine.drain()` finding no job, and no write reaching either system.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenWebhookApp, signHub } from '../../helpers/webhook-app.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';
import { startPushRecorder, waitForPushes } from '../../helpers/push-recorder.js';
import type { PushRecorder, RecordedDelivery } from '../../helpers/push-recorder.js';

const SECRET = 'jira-webhook-secret-for-tests';
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('push endpoints over HTTP (Jira webhooks, Salesforce outbound messages)', function () {
  this.timeout(30_000);
  let h: SyncHarness;
  let web: WebhookApp;
  let recorder: PushRecorder;
  let sf: Connection;
  let organizationId: string;

  before(async () => {
    h = await givenSyncHarness('sync_webhooks', { sandbox: { webhookSecret: SECRET, outbound: { batchDelayMs: 1, retryBaseMs: 50, retryMaxMs: 200 } } });
    const info = (await (await fetch(`${h.running.url}/__sandbox/`)).json()) as { salesforce: { organizationId: string } };
    organizationId = info.salesforce.organizationId;
    web = await givenWebhookApp(h, { secret: SECRET, organizationId });
    recorder = await startPushRecorder();
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(async () => {
    await web?.close();
    await recorder?.close();
    await h?.close();
  });
  beforeEach(async () => {
    await pointSandboxAt(undefined, undefined);
    await h.engine.drain();
    web.failEnqueue = false;
    web.holdEnqueue = undefined;
    web.enqueued.cases.length = 0;
    web.enqueued.issues.length = 0;
    web.outcomes.length = 0;
    recorder.deliveries.length = 0;
  });

  const pointSandboxAt = async (jiraUrl: string | undefined, salesforceUrl: string | undefined) => {
    for (const [path, url] of [
      ['webhook', jiraUrl],
      ['outbound', salesforceUrl],
    ] as const) {
      const response = await fetch(`${h.running.url}/__sandbox/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: url ?? null }) });
      assert.equal(response.status, 204, `PUT /__sandbox/${path}`);
    }
  };
  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as Record<string, any>;
  const escalate = async (subject: string) => {
    const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: subject, Status: 'Escalated', Priority: 'P2', Origin: 'Web', Topic__c: 'driver_app', Escalate_to_Jira__c: true } });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c as string;
    assert.match(key, /^DRV-\d+$/);
    return { id, key };
  };
  /** Resets the sandbox's call counters; `writes()` then counts writes to either system since. */
  const clearStats = () => fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
  const writes = async () => {
    const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
    const isWrite = (route: string) => !route.startsWith('GET ') && !/\/query|\/search\/jql/.test(route);
    return (['salesforce', 'jira'] as const).reduce(
      (n, system) =>
        n +
        Object.entries(stats[system].calls)
          .filter(([route]) => isWrite(route))
          .reduce((m, [, c]) => m + c, 0),
      0,
    );
  };
  const assertNothingQueued = async (what: string) => {
    assert.deepEqual(web.enqueued, { cases: [], issues: [] }, `${what}: no enqueue`);
    await clearStats();
    assert.equal(await h.engine.drain(), 0, `${what}: no job in the queue`);
    assert.equal(await writes(), 0, `${what}: nothing written to Salesforce or Jira`);
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

  describe('POST /webhooks/salesforce', () => {
    const caseIdsOf = (xml: string) => [...xml.matchAll(/<sf:Id>([a-zA-Z0-9]{18})<\/sf:Id>/g)].map((m) => m[1]!);
    const isAck = (text: string) => /<Ack>true<\/Ack>/.test(text);

    it('acknowledges an outbound message captured from the sandbox sender after queueing its case', async () => {
      const xml = fixture('salesforce/outbound-from-sandbox.xml');
      assert.match(xml, /<OrganizationId>00D/);
      const response = await web.postSalesforce(xml);
      assert.equal(response.status, 200);
      assert.ok(isAck(response.text), response.text);
      assert.match(response.text, /<notificationsResponse xmlns="http:\/\/soap\.sforce\.com\/2005\/09\/outbound">/);
      assert.deepEqual(web.enqueued.cases, [caseIdsOf(xml)]);
      assert.equal(await h.engine.drain(), 1);
    });

    it('mirrors a case from a Salesforce-shaped envelope alone (no poll), and from the sandbox sender live', async () => {
      const { id } = await h.actSalesforce({
        action: 'createCase',
        fields: { Subject: 'Ride request times out', Status: 'Escalated', Priority: 'P1', Topic__c: 'driver_app', Escalate_to_Jira__c: true },
      });
      const response = await web.postSalesforce(givenOutboundEnvelope(organizationId, [{ Id: id, Subject: 'Ride request times out', Status: 'Escalated' }]));
      assert.equal(response.status, 200);
      assert.ok(isAck(response.text));
      assert.deepEqual(web.enqueued.cases, [[id]]);
      assert.equal(await h.engine.drain(), 1);
      const key = (await readCase(id)).Jira_Key__c as string;
      assert.match(key, /^DRV-\d+$/, 'the queued job created the issue');

      // Live: the sandbox's own sender posts to the app when the agent closes the case.
      await pointSandboxAt(undefined, `${web.url}/webhooks/salesforce`);
      await h.actSalesforce({ action: 'closeCase', caseId: id, status: 'Closed' });
      await waitForPushes(h.sandbox);
      assert.ok(h.sandbox.salesforce.outboundStats().messagesAcked >= 1, 'the sandbox saw Ack true');
      assert.ok(web.enqueued.cases.some((ids) => ids.includes(id)));
      await pointSandboxAt(undefined, undefined);
      assert.ok((await h.engine.drain()) >= 1);
      const issue = (await (await fetch(`${h.running.url}/rest/api/3/issue/${key}?fields=status`, { headers: { authorization: 'Basic eDp5' } })).json()) as { fields: { status: { name: string } } };
      assert.equal(issue.fields.status.name, 'Done');
    });

    it('refuses a message from another organization with 403 and queues nothing', async () => {
      const other = givenOutboundEnvelope('00DXX0000000999MAA', [{ Id: '500Dn000000000jIAA' }]);
      const response = await web.postSalesforce(other);
      assert.equal(response.status, 403);
      assert.ok(!isAck(response.text));
      assert.match(response.text, /<faultstring>organization id not accepted<\/faultstring>/);
      await assertNothingQueued('foreign org');
      // The 15-character form of our own id names the same org: accepted.
      const own = await web.postSalesforce(givenOutboundEnvelope(organizationId.slice(0, 15), [{ Id: '500Dn000000000jIAA' }]));
      assert.equal(own.status, 200);
      assert.deepEqual(web.enqueued.cases, [['500Dn000000000jIAA']]);
    });

    it('refuses DOCTYPE/ENTITY (XXE, billion laughs) and malformed XML with 400, queueing nothing', async () => {
      const hostile = JSON.parse(fixture('salesforce/outbound-hostile.json')) as Array<{ name: string; body: string; expect: string }>;
      const bodies: Array<[string, string, number]> = [
        ...hostile.filter((f) => f.expect.startsWith('reject')).map((f): [string, string, number] => [f.name, f.body, f.name.startsWith('organization') ? 403 : 400]),
        ['unclosed element', givenOutboundEnvelope(organizationId, [{ Id: '500Dn000000000jIAA' }]).replace('</sf:Id>', ''), 400],
        ['empty body', '', 400],
        ['internal DTD without entities', `<?xml version="1.0"?><!DOCTYPE x []>${givenOutboundEnvelope(organizationId, []).replace(/^<\?xml[^>]*\?>/, '')}`, 400],
        [
          'entity declared in lower case markup',
          givenOutboundEnvelope(organizationId, [{ Id: '500Dn000000000jIAA' }]).replace('<soapenv:Envelope', '<!doctype d [<!entity e "x">]><soapenv:Envelope'),
          400,
        ],
      ];
      for (const [name, body, status] of bodies) {
        const response = await web.postSalesforce(body);
        assert.equal(response.status, status, `${name}: ${response.text}`);
        assert.ok(!isAck(response.text), name);
      }
      await assertNothingQueued('hostile envelopes');
    });

    it('accepts hostile field values and queues only the case id', async () => {
      const hostile = JSON.parse(fixture('salesforce/outbound-hostile.json')) as Array<{ name: string; body: string; expect: string }>;
      const accepted = hostile.find((f) => f.expect.startsWith('accept'))!;
      const response = await web.postSalesforce(accepted.body.replaceAll('00DDn0000000001MAA', organizationId));
      assert.equal(response.status, 200);
      assert.deepEqual(web.enqueued.cases, [['500Dn000000000jIAA']]);
      assert.equal(await h.engine.drain(), 1);
    });

    it('answers only after the case is queued, and Ack false (non-200) when queueing fails, so Salesforce retries', async () => {
      const { id } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Cannot upload licence', Status: 'New', Priority: 'P3', Topic__c: 'driver_app' } });
      const xml = givenOutboundEnvelope(organizationId, [{ Id: id }]);

      let release!: () => void;
      web.holdEnqueue = new Promise<void>((resolve) => (release = resolve));
      let answered = false;
      const pending = web.postSalesforce(xml).then((r) => ((answered = true), r));
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(answered, false, 'no answer while the enqueue is still in progress');
      release();
      const held = await pending;
      assert.equal(held.status, 200);
      assert.ok(isAck(held.text));
      web.holdEnqueue = undefined;
      assert.equal(await h.engine.drain(), 1);

      web.failEnqueue = true;
      const failed = await web.postSalesforce(xml);
      assert.notEqual(failed.status, 200);
      assert.match(failed.text, /<Ack>false<\/Ack>/);
      web.enqueued.cases.length = 0;
      await assertNothingQueued('failed enqueue');

      // The sandbox sender treats that as "not delivered" and retries until the queue is back.
      await pointSandboxAt(undefined, `${web.url}/webhooks/salesforce`);
      const before = h.sandbox.salesforce.outboundStats();
      await h.actSalesforce({ action: 'editCase', caseId: id, fields: { Priority: 'P2' } });
      const deadline = Date.now() + 5_000;
      while (h.sandbox.salesforce.outboundStats().messagesFailed === before.messagesFailed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(h.sandbox.salesforce.outboundStats().messagesFailed > before.messagesFailed, 'the sender saw a failure');
      web.failEnqueue = false;
      await waitForPushes(h.sandbox);
      assert.ok(h.sandbox.salesforce.outboundStats().messagesAcked > before.messagesAcked, 'the retry was acknowledged');
      assert.ok(web.enqueued.cases.some((ids) => ids.includes(id)));
      await pointSandboxAt(undefined, undefined);
      assert.equal(await h.engine.drain(), 1);
    });
  });
});

/** A notifications envelope shaped like Salesforce's: SOAP namespaces, `sf:` fields, `xsi:type="sf:Case"`. */
function givenOutboundEnvelope(organizationId: string, cases: Array<Record<string, string>>): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const notifications = cases.map((fields, index) => {
    const body = Object.entries(fields)
      .map(([name, value]) => `<sf:${name}>${escape(value)}</sf:${name}>`)
      .join('');
    return `<Notification><Id>04lDn00000000${String(index + 1).padStart(2, '0')}IAA</Id><sObject xsi:type="sf:Case" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${body}</sObject></Notification>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">',
    `<OrganizationId>${organizationId}</OrganizationId><ActionId>04kDn0000000001IAA</ActionId><SessionId xsi:nil="true"/>`,
    `<EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/62.0/${organizationId.slice(0, 15)}</EnterpriseUrl>`,
    `<PartnerUrl>https://example.my.salesforce.com/services/Soap/u/62.0/${organizationId.slice(0, 15)}</PartnerUrl>`,
    ...notifications,
    '</notifications></soapenv:Body></soapenv:Envelope>',
  ].join('');
}

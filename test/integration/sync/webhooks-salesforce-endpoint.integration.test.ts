/**
 * POST /webhooks/salesforce over real HTTP: an outbound message captured from the sandbox sender,
 * a Salesforce-shaped envelope and the live sender each queue their cases before the Ack; another
 * organization, DOCTYPE/ENTITY and malformed XML are refused without queueing anything; hostile
 * field values queue only the case id; a failing queue answers Ack false so Salesforce retries.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';
import { waitForPushes } from '../../helpers/push-recorder.js';
import { useWebhookEndpointRig } from './webhooks-endpoint-rig.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('push endpoints over HTTP (Jira webhooks, Salesforce outbound messages): Salesforce', function () {
  this.timeout(30_000);
  const rig = useWebhookEndpointRig('sync_webhooks_salesforce');
  const { pointSandboxAt, readCase, assertNothingQueued } = rig;
  let h: SyncHarness;
  let web: WebhookApp;
  let organizationId: string;

  before(() => {
    // The rig's own `before` has filled it in by now; short names keep the tests as they were.
    ({ h, web, organizationId } = rig);
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

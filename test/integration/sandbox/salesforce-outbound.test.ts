/**
 * Outbound Messages to a local receiver: SOAP envelope shape, at most 100 notifications per
 * message, and retries with backoff until the receiver answers Ack true.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

interface Received {
  atMs: number;
  body: string;
}

/**
 * A receiver that fails the first `failures` messages with 500, then acknowledges. It listens on a
 * path of its own: a sandbox another test left running may still be retrying to a receiver that had
 * this port before, and its deliveries must not count here.
 */
async function givenReceiver(failures: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const path = `/outbound/${randomBytes(6).toString('hex')}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.url !== path) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not this receiver');
        return;
      }
      received.push({ atMs: Date.now(), body });
      if (received.length <= failures) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver down');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(ACK);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${path}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, isArray: (name) => name === 'Notification', parseTagValue: false });

interface Envelope {
  OrganizationId: string;
  ActionId: string;
  SessionId: Record<string, string>;
  EnterpriseUrl: string;
  PartnerUrl: string;
  Notification: { Id: string; sObject: Record<string, string> }[];
}

function readEnvelope(body: string): Envelope {
  const doc = parser.parse(body) as { Envelope: { Body: { notifications: Envelope } } };
  return doc.Envelope.Body.notifications;
}

describe('sandbox Salesforce outbound messages', () => {
  let started: StartedSandbox | undefined;
  afterEach(async () => {
    await started?.running.close();
    started = undefined;
  });

  it('posts a SOAP notifications envelope and retries with backoff until Ack true', async () => {
    const receiver = await givenReceiver(2);
    try {
      started = await givenRunningSandbox({ seed: 0, outboundUrl: receiver.url, outbound: { retryBaseMs: 60, batchDelayMs: 20 } });
      const conn = started.connect();
      const results = await conn.sobject('Case').create([{ Subject: 'first', Topic__c: 'payments_billing' }, { Subject: 'שני', Priority: 'P1' }, { Subject: 'третий <&>' }]);
      const ids = results.map((r) => r.id as string);
      await waitFor(() => started?.sandbox.salesforce.outboundStats().messagesAcked === 1);
      assert.equal(receiver.received.length, 3, 'two failures, then the acknowledged delivery');
      const gaps = receiver.received.slice(1).map((r, i) => r.atMs - (receiver.received[i] as Received).atMs);
      assert.ok((gaps[0] ?? 0) >= 50, `first retry waits about retryBaseMs, got ${gaps[0]}`);
      assert.ok((gaps[1] ?? 0) >= 110, `second retry waits about twice as long, got ${gaps[1]}`);

      const envelopes = receiver.received.map((r) => readEnvelope(r.body));
      const first = envelopes[0] as Envelope;
      const info = (await started.call('GET', '/__sandbox')).body as { salesforce: { organizationId: string } };
      assert.equal(first.OrganizationId, info.salesforce.organizationId);
      assert.match(first.ActionId, /^04k\w{15}$/);
      assert.equal(first.SessionId['@_nil'], 'true');
      assert.equal(first.EnterpriseUrl, `${started.url}/services/Soap/c/62.0/${first.OrganizationId.slice(0, 15)}`);
      assert.equal(first.PartnerUrl, `${started.url}/services/Soap/u/62.0/${first.OrganizationId.slice(0, 15)}`);
      assert.deepEqual(
        first.Notification.map((n) => n.sObject.Id),
        ids,
      );
      for (const n of first.Notification) {
        assert.match(n.Id, /^04l\w{15}$/);
        assert.equal(n.sObject['@_type'], 'sf:Case');
        assert.match(String(n.sObject.SystemModstamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        assert.equal(n.sObject.LastModifiedById, started.sandbox.salesforce.people().integrationUserId);
      }
      assert.equal(first.Notification[2]?.sObject.Subject, 'третий <&>');
      // Retries carry the same notification ids: the receiver must de-duplicate.
      assert.deepEqual(
        envelopes[2]?.Notification.map((n) => n.Id),
        first.Notification.map((n) => n.Id),
      );
    } finally {
      await receiver.close();
    }
  });

  it('may deliver out of order (a retry overtaken by a newer change) and more than once', async () => {
    const receiver = await givenReceiver(1);
    try {
      started = await givenRunningSandbox({ seed: 0, outboundUrl: receiver.url, outbound: { retryBaseMs: 300, batchDelayMs: 10, duplicateRate: 1 } });
      const conn = started.connect();
      const first = await conn.sobject('Case').create({ Subject: 'changed first' });
      await waitFor(() => receiver.received.length === 1);
      const second = await conn.sobject('Case').create({ Subject: 'changed second' });
      await waitFor(() => started?.sandbox.salesforce.outboundStats().notificationsAcked === 4);
      const delivered = receiver.received.slice(1).flatMap((r) => readEnvelope(r.body).Notification);
      const acknowledgedCases = delivered.map((n) => n.sObject.Id);
      assert.equal(acknowledgedCases[0], second.id, 'the newer change arrives before the retried older one');
      assert.ok(acknowledgedCases.indexOf(first.id as string) > 0);
      const countById = new Map<string, number>();
      for (const n of delivered) countById.set(n.Id, (countById.get(n.Id) ?? 0) + 1);
      assert.deepEqual([...countById.values()], [2, 2], 'with duplicateRate 1 each notification is delivered twice');
    } finally {
      await receiver.close();
    }
  });

  it('sends at most 100 notifications per message', async () => {
    const receiver = await givenReceiver(0);
    try {
      started = await givenRunningSandbox({ seed: 0, outboundUrl: receiver.url, outbound: { batchDelayMs: 50 } });
      const conn = started.connect();
      // One collections call of 150 commits them together, so they are due together whatever the
      // machine's load (two calls racing the 50 ms gathering window was a timing bet).
      await conn.sobject('Case').create(Array.from({ length: 150 }, (_, i) => ({ Subject: `case ${i}` })));
      await waitFor(() => started?.sandbox.salesforce.outboundStats().notificationsAcked === 150);
      const sizes = receiver.received.map((r) => readEnvelope(r.body).Notification.length);
      assert.ok(
        sizes.every((n) => n <= 100),
        `message sizes ${sizes.join(',')}`,
      );
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        150,
      );
      assert.ok(sizes.includes(100), 'a full message of 100 when 150 changes gathered');
    } finally {
      await receiver.close();
    }
  });
});

/**
 * The Salesforce fixtures under test/fixtures/salesforce (used by adapter tests) must keep the shape
 * the emulator actually produces: this compares their structure with live answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { givenRunningSandbox } from './salesforce-test-helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/salesforce/${name}`, import.meta.url), 'utf8');
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Notification' });

/** Keys and value types, recursively; arrays by their first element. Values themselves are ignored. */
function toShape(value: unknown): unknown {
  if (Array.isArray(value)) return [value.length > 0 ? toShape(value[0]) : 'empty'];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, toShape((value as Record<string, unknown>)[key])]),
    );
  }
  return value === null ? 'null' : typeof value;
}

describe('sandbox Salesforce fixtures match the emulator', () => {
  it('keeps the outbound envelope, query page, collections and error shapes in step', async () => {
    const bodies: string[] = [];
    const ack = fixture('outbound-ack.xml');
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'text/xml' }).end(ack);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const started = await givenRunningSandbox({ seed: 3, outboundUrl: `http://127.0.0.1:${port}/om`, outbound: { batchDelayMs: 5 } });
    try {
      const auth = { authorization: 'Bearer x' };
      const collections = await started.call(
        'POST',
        '/services/data/v62.0/composite/sobjects',
        {
          allOrNone: false,
          records: [
            { attributes: { type: 'Case' }, Subject: 'one', Priority: 'P2', Topic__c: 'payments_billing', Region__c: 'RU', Customer_Tier__c: 'Corporate', Escalate_to_Jira__c: true },
            { attributes: { type: 'Case' }, Subject: 'two', Priority: 'P1', Topic__c: 'payments_billing', Region__c: 'IL', Customer_Tier__c: 'VIP', Escalate_to_Jira__c: true },
            { attributes: { type: 'Case' }, Subject: 'bad key', Jira_Key__c: 'sup 12' },
          ],
        },
        auth,
      );
      assert.deepEqual(toShape(collections.body), toShape(JSON.parse(fixture('collections-partial-failure.json'))));

      const deadline = Date.now() + 3000;
      while (bodies.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(toShape(parser.parse(bodies[0] ?? '')), toShape(parser.parse(fixture('outbound-notifications.xml'))));
      // The sender counts the Ack once it has read the answer, a moment after the receiver got the body.
      while (started.sandbox.salesforce.outboundStats().messagesAcked === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(started.sandbox.salesforce.outboundStats().messagesAcked, 1, 'the Ack fixture is accepted as an acknowledgement');

      const soql = 'SELECT Id, CaseNumber, Subject, Status, Priority, SystemModstamp, LastModifiedById, Account.Name FROM Case WHERE AccountId != null ORDER BY CaseNumber';
      const page = await started.call('GET', `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, undefined, auth);
      const fixturePage = JSON.parse(fixture('query-page.json')) as { records: unknown[] };
      const livePage = page.body as { records: unknown[] };
      assert.deepEqual(toShape(livePage.records[0]), toShape(fixturePage.records.find((r) => (r as { Account: unknown }).Account !== null)));

      const errors = JSON.parse(fixture('error-bodies.json')) as Record<string, { errorCode: string }[]>;
      const live = await started.call('GET', `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Nope__c FROM Case')}`, undefined, auth);
      assert.deepEqual(live.body, errors.INVALID_FIELD);
      const expired = await started.call('GET', '/services/data/v62.0/limits');
      assert.deepEqual(expired.body, errors.INVALID_SESSION_ID);
    } finally {
      await started.running.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

/**
 * A failed outbound message is retried whole: every notification it carried comes back in one
 * message, even when the clock ticks while the failure is recorded (a clean-clone CI run saw the
 * retry split in two, one notification a millisecond later than the others).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundMessenger } from '../../../src/sandbox/salesforce/outbound.js';

const ACK =
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

describe('sandbox outbound message retries', () => {
  it('resends the failed message with all its notifications, even when the clock ticks between them', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        if (bodies.length === 1) res.writeHead(500).end('receiver down');
        else res.writeHead(200, { 'content-type': 'text/xml' }).end(ACK);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // A clock one millisecond further on at every read: the worst case of a clock that ticks.
    let clockMs = Date.now();
    const messenger = new OutboundMessenger({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/outbound`,
      organizationId: '00DDn00000000001EAA',
      fields: ['Id'],
      baseUrl: () => 'http://sandbox.invalid',
      readCase: (id) => ({ Id: id }),
      random: () => 0.5,
      retryBaseMs: 20,
      batchDelayMs: 5,
      nowMs: () => ++clockMs,
    });
    try {
      messenger.enqueue(['500Dn0000000001AAA', '500Dn0000000002AAA', '500Dn0000000003AAA']);
      const deadline = Date.now() + 5000;
      while (messenger.stats.notificationsAcked < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      const caseIdsPerMessage = bodies.map((body) => [...body.matchAll(/<sf:Id>(\w+)<\/sf:Id>/g)].map((m) => m[1]));
      assert.deepEqual(caseIdsPerMessage, [
        ['500Dn0000000001AAA', '500Dn0000000002AAA', '500Dn0000000003AAA'],
        ['500Dn0000000001AAA', '500Dn0000000002AAA', '500Dn0000000003AAA'],
      ]);
      assert.equal(messenger.stats.messagesSent, 2);
    } finally {
      await messenger.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/**
 * A stand-in receiver for the sandbox's Jira webhooks and Salesforce outbound messages: it keeps
 * every delivery byte for byte (body and signature) and acknowledges it, so a test can replay
 * the real signed payloads later — duplicated, reordered or late.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../src/sandbox/server.js';

export interface RecordedDelivery {
  kind: 'jira' | 'salesforce';
  body: string;
  /** `X-Hub-Signature` of Jira deliveries. */
  signature?: string;
}

export interface PushRecorder {
  jiraUrl: string;
  salesforceUrl: string;
  deliveries: RecordedDelivery[];
  close(): Promise<void>;
}

const ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

export async function startPushRecorder(): Promise<PushRecorder> {
  const deliveries: RecordedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/salesforce') {
        deliveries.push({ kind: 'salesforce', body });
        res.writeHead(200, { 'content-type': 'text/xml' }).end(ACK);
      } else {
        const signature = req.headers['x-hub-signature'];
        deliveries.push({ kind: 'jira', body, signature: typeof signature === 'string' ? signature : undefined });
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    jiraUrl: `${base}/jira`,
    salesforceUrl: `${base}/salesforce`,
    deliveries,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until the sandbox has no Jira webhook or outbound message left to send. */
export async function waitForPushes(sandbox: Sandbox, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Outbound changes gather for the messenger's batch delay before they count as sent.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await sandbox.jira.whenWebhooksIdle();
    const outbound = sandbox.salesforce.outboundStats();
    if (outbound.pending === 0 && outbound.messagesSent === outbound.messagesAcked + outbound.messagesFailed) return;
    if (Date.now() > deadline) throw new Error(`sandbox pushes still pending after ${timeoutMs} ms: ${JSON.stringify(outbound)}`);
  }
}

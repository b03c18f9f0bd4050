/**
 * Jira Cloud retries a webhook delivery only when the receiver answers 408, 409, 425, 429 or 5xx, or when
 * the connection fails or times out; a 400, 401 or any other answer ends the delivery.
 */
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

/** A receiver that answers the scripted statuses in order (then 200), or never answers when told to hang. */
async function startReceiver(statuses: (number | 'hang')[]): Promise<{ url: string; retries: string[]; close(): Promise<void> }> {
  const retries: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      retries.push(String(req.headers['x-atlassian-webhook-retry'] ?? '0'));
      const next = statuses.shift() ?? 200;
      if (next === 'hang') return;
      res.statusCode = next;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    retries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Jira emulator: webhook retry policy', () => {
  let server: JiraTestServer;
  beforeEach(async () => {
    server = await startJiraTestServer({ webhookRetryDelaysMs: [10, 10], webhookTimeoutMs: 300 });
  });
  afterEach(async () => {
    await server.close();
  });

  const deliverOnce = async (statuses: (number | 'hang')[]): Promise<string[]> => {
    const receiver = await startReceiver(statuses);
    try {
      server.emulator.setWebhookTarget(receiver.url);
      const created = await server.request('POST', '/rest/api/3/issue', { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'hook' } });
      assert.equal(created.status, 201);
      await server.emulator.whenWebhooksIdle();
      return receiver.retries;
    } finally {
      await receiver.close();
    }
  };

  for (const status of [408, 409, 425, 429, 500, 502, 503]) {
    it(`retries after ${status}`, async () => {
      assert.deepEqual(await deliverOnce([status]), ['0', '1']);
    });
  }

  for (const status of [400, 401, 403, 404, 410, 422]) {
    it(`does not retry after ${status}`, async () => {
      assert.deepEqual(await deliverOnce([status]), ['0']);
    });
  }

  it('retries after a timeout, up to the configured number of retries', async () => {
    assert.deepEqual(await deliverOnce(['hang', 'hang', 'hang']), ['0', '1', '2']);
  });

  it('retries after a refused connection', async () => {
    const closed = await startReceiver([]);
    await closed.close();
    server.emulator.setWebhookTarget(closed.url);
    const created = await server.request('POST', '/rest/api/3/issue', { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'nobody home' } });
    assert.equal(created.status, 201);
    await server.emulator.whenWebhooksIdle();
    assert.equal(server.emulator.webhookAttempts(), 3, 'the first attempt and both retries');
  });
});

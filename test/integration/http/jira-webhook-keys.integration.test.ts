/**
 * The Jira webhook takes only what the engine can work on: an issue key by the one rule
 * (`MY_PROJ-12` yes; `ABC-0`, `OPS-01` no). Real signed requests to the app on port 0.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../../src/http/app.js';
import { createJiraWebhookRouter } from '../../../src/http/webhooks/jira.js';
import { createLogger } from '../../../src/logging.js';
import { signHub } from '../../helpers/webhook-app.js';

const SECRET = 'jira-webhook-keys-secret';

describe('Jira webhook intake of issue keys (HTTP on port 0)', () => {
  let server: Server;
  let url: string;
  const queued: string[][] = [];

  before(async () => {
    const app = createHttpApp({
      logger: createLogger({ level: 'silent' }),
      readiness: { check: async () => [] },
      mount: (http) => http.use(createJiraWebhookRouter({ secret: SECRET, integrationAccountId: () => 'casebridge-bot', enqueueIssues: async (keys) => void queued.push(keys) })),
    });
    server = await new Promise<Server>((resolve) => {
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server?.close(resolve)));
  beforeEach(() => {
    queued.length = 0;
  });

  const deliver = async (key: string) => {
    const body = JSON.stringify({ webhookEvent: 'jira:issue_updated', user: { accountId: 'developer-1' }, issue: { id: '10001', key } });
    const response = await fetch(`${url}/webhooks/jira`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': signHub(body, SECRET) }, body });
    return { status: response.status, json: (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
  };

  it('queues issue keys of projects with underscores', async () => {
    assert.equal((await deliver('MY_PROJ-12')).status, 202);
    assert.deepEqual(queued, [['MY_PROJ-12']]);
  });

  for (const key of ['ABC-0', 'OPS-01', 'DRV-1 OR 1=1', 'drv-1']) {
    it(`refuses ${JSON.stringify(key)} with 400 naming the key, and queues nothing`, async () => {
      const answer = await deliver(key);
      assert.equal(answer.status, 400);
      assert.equal(answer.json?.error?.code, 'INVALID_ISSUE_KEY');
      assert.ok(answer.json?.error?.message.includes(JSON.stringify(key)), answer.json?.error?.message);
      assert.deepEqual(queued, []);
    });
  }

  it('queues the old key too when the change moved the issue to another project (links still name it)', async () => {
    const body = JSON.stringify({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_moved',
      user: { accountId: 'developer-1' },
      issue: { id: '10001', key: 'PAY-7' },
      changelog: {
        items: [
          { field: 'project', fieldId: 'project', fromString: 'Driver App', toString: 'Payments' },
          { field: 'Key', fieldId: 'issuekey', fromString: 'DRV-12', toString: 'PAY-7' },
        ],
      },
    });
    const response = await fetch(`${url}/webhooks/jira`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': signHub(body, SECRET) }, body });
    assert.equal(response.status, 202);
    assert.deepEqual(queued, [['PAY-7', 'DRV-12']]);
  });
});

/**
 * `/readyz` while a system refuses our credentials: 503 naming the system (no secret in the
 * answer); ready again once the credentials work. Salesforce: the sandbox with strict auth and a
 * token it never issued (401 INVALID_SESSION_ID, as the real API answers an expired or revoked
 * session); Jira: a site answering 401 on /myself, as Jira Cloud does for a bad API token.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { connectJira } from '../../../src/adapters/jira/connect.js';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { createHttpApp } from '../../../src/http/app.js';
import { closeServer, listen } from '../../../src/http/serve.js';
import { createLogger } from '../../../src/logging.js';
import { combineReadiness } from '../../../src/runtime/readiness.js';
import { createSystemsReadiness } from '../../../src/runtime/system-readiness.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox } from '../../../src/sandbox/server.js';

const BAD_TOKEN = 'revoked-token-SECRET-123456';

async function serve(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await listen(app, 0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('readiness of the connected systems', function () {
  this.timeout(30_000);
  let strict: RunningSandbox;
  let open: RunningSandbox;
  let refusingJira: { server: Server; url: string };
  const servers: Server[] = [];

  before(async () => {
    strict = await createSandbox({ strictAuth: true }).listen(0, '127.0.0.1');
    open = await createSandbox().listen(0, '127.0.0.1');
    const jira = express();
    jira.get('/rest/api/3/myself', (_req, res) => res.status(401).type('text/plain').send('Client must be authenticated to access this resource.'));
    refusingJira = await serve(jira);
  });
  after(async () => {
    for (const server of servers) await closeServer(server, 0);
    await closeServer(refusingJira.server, 0);
    await strict.close();
    await open.close();
  });

  async function readyz(clients: Parameters<typeof createSystemsReadiness>[0]): Promise<{ status: number; body: { status: string; problems: string[] } }> {
    const app = createHttpApp({ logger: createLogger({ level: 'silent' }), readiness: combineReadiness({ check: async () => [] }, createSystemsReadiness(clients, { ttlMs: 0 })) });
    const { server, url } = await serve(app);
    servers.push(server);
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; problems: string[] } };
  }

  it('is not ready while the Salesforce token is refused, naming Salesforce', async () => {
    const salesforce = await connectSalesforce({ kind: 'token', instanceUrl: strict.url, accessToken: BAD_TOKEN });
    const jira = connectJira({ baseUrl: open.url, email: 'casebridge@integration.example', apiToken: 'jira-token' });
    const answer = await readyz({ salesforce, jira });
    assert.equal(answer.status, 503);
    assert.equal(answer.body.status, 'not ready');
    assert.equal(answer.body.problems.length, 1, answer.body.problems.join('\n'));
    assert.match(answer.body.problems[0]!, /^salesforce: authentication refused \((401 )?INVALID_SESSION_ID\); check the SALESFORCE_\* credentials/);
    assert.ok(!JSON.stringify(answer.body).includes(BAD_TOKEN));
  });

  it('is not ready while Jira refuses the API token, naming Jira; ready when both accept', async () => {
    const salesforce = await connectSalesforce({ kind: 'token', instanceUrl: open.url, accessToken: 'any-session' });
    const refused = await readyz({ salesforce, jira: connectJira({ baseUrl: refusingJira.url, email: 'casebridge@integration.example', apiToken: BAD_TOKEN }) });
    assert.equal(refused.status, 503);
    assert.deepEqual(refused.body.problems, ['jira: authentication refused (401); check JIRA_EMAIL and JIRA_API_TOKEN']);

    const ok = await readyz({ salesforce, jira: connectJira({ baseUrl: open.url, email: 'casebridge@integration.example', apiToken: 'jira-token' }) });
    assert.deepEqual(ok, { status: 200, body: { status: 'ready', problems: [] } });
  });
});

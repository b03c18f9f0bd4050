/**
 * A refused Outbound Message is not silent: the 403 is logged (org ids only, never the body or a
 * session id) and counted in casebridge_webhook_deliveries_total; `salesforce.push: false` serves
 * no endpoint at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { loadConfigDir } from '../../../src/config/load.js';
import type { SyncConfig } from '../../../src/config/schemas/sync.js';
import { closeServer, listen } from '../../../src/http/serve.js';
import { createLogger } from '../../../src/logging.js';
import { metricsRegistry } from '../../../src/metrics.js';
import { createOutboundPushRouter } from '../../../src/runtime/outbound-push.js';

const MESSAGE = readFileSync('test/fixtures/salesforce/outbound-notifications.xml', 'utf8');
const SENT_ORG = '00DDn0000000001MAA';

async function refusedCount(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('casebridge_webhook_deliveries_total')!.get();
  return metric.values.find((v) => v.labels.system === 'salesforce' && v.labels.outcome === 'refused')?.value ?? 0;
}

describe('refused Outbound Messages', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
  const loaded = loadConfigDir('config', { only: ['sync'] });
  assert.ok(loaded.ok);
  const sync = loaded.config.sync!;
  let server: Server | undefined;

  async function serve(config: SyncConfig, organizationId: string | undefined): Promise<string> {
    const app = express();
    const router = createOutboundPushRouter({ sync: config, organizationId: () => organizationId, enqueueCases: async () => undefined, logger });
    if (router) app.use(router);
    server = await listen(app, 0, '127.0.0.1');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/salesforce`;
  }
  afterEach(async () => {
    if (server) await closeServer(server, 0);
    server = undefined;
    lines.length = 0;
  });

  it('logs and counts a message from another org, and one when no org id is configured', async () => {
    const before = await refusedCount();
    const url = await serve(sync, '00D000000000042AAA');
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: MESSAGE });
    assert.equal(response.status, 403);
    assert.equal(await refusedCount(), before + 1);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      logged.map((l) => [l.msg, l.receivedOrganizationId, l.expectedOrganizationId]),
      [['Outbound Message refused (403): its organization id is not salesforce.organizationId', SENT_ORG, '00D000000000042AAA']],
    );
    assert.ok(!lines.join('').includes('SessionId') && !lines.join('').includes('<'), 'nothing of the message body is logged');

    await closeServer(server!, 0);
    lines.length = 0;
    const unset = await serve(sync, undefined);
    assert.equal((await fetch(unset, { method: 'POST', body: MESSAGE })).status, 403);
    assert.equal(await refusedCount(), before + 2);
    assert.match(lines.join(''), /salesforce\.organizationId is not set/);
  });

  it('accepts its own org without a warning, and serves nothing with push: false', async () => {
    const url = await serve(sync, SENT_ORG);
    assert.equal((await fetch(url, { method: 'POST', body: MESSAGE })).status, 200);
    assert.deepEqual(lines, []);
    await closeServer(server!, 0);
    const off = await serve({ ...sync, salesforce: { ...sync.salesforce, push: false } }, SENT_ORG);
    assert.equal((await fetch(off, { method: 'POST', body: MESSAGE })).status, 404);
  });
});

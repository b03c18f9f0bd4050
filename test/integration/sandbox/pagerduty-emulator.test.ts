/**
 * The PagerDuty emulator over HTTP: the Events API v2's answers (202 with the dedup_key, 400
 * "invalid event" listing every error, 429 when throttled), one incident per open alert, acknowledge
 * and resolve by events and by people, and v3 webhooks signed with every secret.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';

const KEY = 'R0UTINGKEY0PAYMENTS0000000000001';

describe('sandbox: PagerDuty emulator', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  const received: Array<{ body: string; signature: string | undefined }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-pagerduty-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  let receiverUrl = '';

  before(async () => {
    sandbox = createSandbox();
    running = await sandbox.listen(0);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await running?.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  beforeEach(() => {
    sandbox.reset();
    received.length = 0;
  });

  const enqueue = async (body: unknown) => {
    const response = await fetch(`${running.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const trigger = (dedupKey?: string) =>
    enqueue({ routing_key: KEY, event_action: 'trigger', ...(dedupKey ? { dedup_key: dedupKey } : {}), payload: { summary: 'Card payments failing', source: 'casebridge', severity: 'critical' } });
  const control = (path: string, body: unknown = {}) =>
    fetch(`${running.url}/__sandbox/pagerduty${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a trigger answers 202 with the dedup_key; the repeat joins the open incident; after resolve a trigger opens a new one', async () => {
    assert.deepEqual(await trigger('INC-7'), { status: 202, json: { status: 'success', message: 'Event processed', dedup_key: 'INC-7' } });
    assert.equal((await trigger('INC-7')).status, 202);
    assert.equal(sandbox.pagerduty.incidents().length, 1);
    assert.equal(sandbox.pagerduty.incidents()[0]!.triggers, 2);
    assert.equal((await enqueue({ routing_key: KEY, event_action: 'resolve', dedup_key: 'INC-7' })).status, 202);
    assert.equal(sandbox.pagerduty.incidents()[0]!.status, 'resolved');
    // Acknowledge after resolve is dropped (still 202); a new trigger makes a new incident.
    assert.equal((await enqueue({ routing_key: KEY, event_action: 'acknowledge', dedup_key: 'INC-7' })).status, 202);
    await trigger('INC-7');
    assert.deepEqual(
      sandbox.pagerduty.incidents().map((i) => i.status),
      ['resolved', 'triggered'],
    );
    assert.equal(sandbox.pagerduty.events().at(-2)!.outcome, 'dropped');
  });

  it('a trigger without dedup_key gets a generated one back', async () => {
    const { json } = await trigger();
    assert.match(String(json.dedup_key), /^[0-9a-f]{32}$/);
  });

  it('an invalid event answers 400 listing every error; a body that is not JSON too', async () => {
    const bad = await enqueue({ routing_key: 'short-key!', event_action: 'explode', payload: {} });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.status, 'invalid event');
    assert.equal(bad.json.message, 'Event object is invalid');
    assert.deepEqual(bad.json.errors, [
      "Length of 'routing_key' is incorrect (should be 32 characters)",
      "'routing_key' cannot contain non-alphanumeric characters.",
      "'event_action' is invalid (must be one of: trigger, acknowledge, resolve)",
    ]);
    const noPayload = await enqueue({ routing_key: KEY, event_action: 'trigger', payload: { summary: 'x'.repeat(1025), severity: 'bad' } });
    assert.deepEqual(noPayload.json.errors, [
      "'summary' is too long (maximum is 1024 characters)",
      "'payload.source' is missing or blank",
      "'payload.severity' is invalid (must be one of: critical, error, warning, info)",
    ]);
    assert.equal((await enqueue({ routing_key: KEY, event_action: 'resolve' })).status, 400, 'resolve needs a dedup_key');
    const notJson = await enqueue('{"routing_key":');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.status, 'invalid event');
    assert.equal(sandbox.pagerduty.incidents().length, 0);
  });

  it('throttling answers 429 for the next calls, then events are accepted again', async () => {
    assert.equal((await control('/faults', { count: 2, status: 429 })).status, 200);
    assert.equal((await trigger('INC-9')).status, 429);
    assert.equal((await trigger('INC-9')).status, 429);
    assert.equal((await trigger('INC-9')).status, 202);
    assert.equal(sandbox.pagerduty.incidents().length, 1);
  });

  it('v3 webhooks go out on trigger, acknowledge (by a person) and resolve, signed v1= with each secret', async () => {
    assert.equal((await control('/webhook', { url: receiverUrl, secrets: ['first-secret-0123456789', 'second-secret-0123456789'] })).status, 200);
    await trigger('INC-11');
    const incident = sandbox.pagerduty.incidents()[0]!;
    assert.equal((await control(`/incidents/${incident.id}/acknowledge`, { user: 'PMAYA01' })).status, 200);
    assert.equal((await control('/incidents/INC-11/resolve')).status, 200);
    await sandbox.pagerduty.settle();
    const types = received.map((r) => (JSON.parse(r.body) as { event: { event_type: string } }).event.event_type);
    assert.deepEqual(types, ['incident.triggered', 'incident.acknowledged', 'incident.resolved']);
    const acknowledged = JSON.parse(received[1]!.body) as { event: { agent: { id: string; type: string }; data: { incident_key: string; status: string } } };
    assert.deepEqual(
      [acknowledged.event.agent.id, acknowledged.event.agent.type, acknowledged.event.data.incident_key, acknowledged.event.data.status],
      ['PMAYA01', 'user_reference', 'INC-11', 'acknowledged'],
    );
    for (const { body, signature } of received) {
      const expected = ['first-secret-0123456789', 'second-secret-0123456789'].map((s) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');
      assert.equal(signature, expected);
    }
    assert.equal((await control('/incidents/PNOPE00/acknowledge')).status, 404);
  });
});

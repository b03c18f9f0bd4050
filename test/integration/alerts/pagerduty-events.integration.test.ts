/** The Events API v2 client against the PagerDuty emulator: accepted, invalid (final, key never echoed), throttled (transient). */
import assert from 'node:assert/strict';
import { createPagerDutyEvents, PagerDutyError } from '../../../src/adapters/notify/pagerduty.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';

const KEY = 'R0UTINGKEYDRIVERAPP0000000000007';

describe('PagerDuty Events API v2 client (sandbox)', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  before(async () => {
    sandbox = createSandbox();
    running = await sandbox.listen(0);
  });
  after(async () => running?.close());

  it('trigger, acknowledge and resolve one dedup_key; PagerDuty answers 202 each time', async () => {
    const events = createPagerDutyEvents({ eventsUrl: running.url });
    assert.deepEqual(await events.send({ routingKey: KEY, action: 'trigger', dedupKey: 'INC-42', summary: 'Driver app down', severity: 'critical' }), { dedupKey: 'INC-42' });
    await events.send({ routingKey: KEY, action: 'acknowledge', dedupKey: 'INC-42' });
    assert.equal(sandbox.pagerduty.incidents()[0]!.status, 'acknowledged');
    await events.send({ routingKey: KEY, action: 'resolve', dedupKey: 'INC-42' });
    assert.equal(sandbox.pagerduty.incidents()[0]!.status, 'resolved');
  });

  it('an invalid event is final and its message names the problem, never the key; 429 and 5xx are transient', async () => {
    const events = createPagerDutyEvents({ eventsUrl: running.url });
    const badKey = 'not-a-routing-key-secret-value';
    const invalid = await events.send({ routingKey: badKey, action: 'trigger', dedupKey: 'INC-43', summary: 's' }).catch((e: unknown) => e);
    assert.ok(invalid instanceof PagerDutyError);
    assert.deepEqual([invalid.code, invalid.status, invalid.transient], ['PAGERDUTY_INVALID_EVENT', 400, false]);
    assert.match(invalid.message, /Length of 'routing_key' is incorrect/);
    assert.ok(!invalid.message.includes(badKey), 'the routing key is not in the message');
    sandbox.pagerduty.failNext(1, 429);
    const throttled = await events.send({ routingKey: KEY, action: 'trigger', dedupKey: 'INC-44', summary: 's' }).catch((e: unknown) => e);
    assert.ok(throttled instanceof PagerDutyError && throttled.transient && throttled.status === 429);
    sandbox.pagerduty.failNext(1, 500);
    const failed = await events.send({ routingKey: KEY, action: 'trigger', dedupKey: 'INC-44', summary: 's' }).catch((e: unknown) => e);
    assert.ok(failed instanceof PagerDutyError && failed.transient && failed.status === 500);
    const unreachable = await createPagerDutyEvents({ eventsUrl: 'http://127.0.0.1:1' })
      .send({ routingKey: KEY, action: 'resolve', dedupKey: 'INC-44' })
      .catch((e: unknown) => e);
    assert.ok(unreachable instanceof PagerDutyError && unreachable.transient && unreachable.status === 0);
  });
});

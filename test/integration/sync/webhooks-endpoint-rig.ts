/**
 * Shared set-up of the two push-endpoint suites (Jira webhooks, Salesforce outbound messages): a
 * sync harness whose sandbox signs webhooks with WEBHOOK_SECRET and sends outbound messages
 * quickly, the casebridge app on port 0 wired to its engine, and a reader's Salesforce connection.
 * Both suites refuse deliveries and must show that nothing was queued, hence `assertNothingQueued`.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import { countWriteCalls } from '../../helpers/sync-once-runs.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenWebhookApp } from '../../helpers/webhook-app.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';

export const WEBHOOK_SECRET = 'jira-webhook-secret-for-tests';

export interface WebhookEndpointRig {
  h: SyncHarness;
  web: WebhookApp;
  organizationId: string;
  /** Where the sandbox sends Jira webhooks and outbound messages; undefined sends none. */
  pointSandboxAt(jiraUrl: string | undefined, salesforceUrl: string | undefined): Promise<void>;
  readCase(id: string): Promise<Record<string, any>>;
  /** Resets the sandbox's call counters, from which `assertNothingQueued` counts writes. */
  clearStats(): Promise<unknown>;
  /** No enqueue by the endpoint, no job for `engine.drain()`, and no write reaching either system. */
  assertNothingQueued(what: string): Promise<void>;
}

/** Registers the suite's hooks; the rig's fields are set once `before` has run. */
export function useWebhookEndpointRig(suite: string): WebhookEndpointRig {
  let sf: Connection;
  const rig = {} as WebhookEndpointRig;

  before(async () => {
    rig.h = await givenSyncHarness(suite, { sandbox: { webhookSecret: WEBHOOK_SECRET, outbound: { batchDelayMs: 1, retryBaseMs: 50, retryMaxMs: 200 } } });
    const info = (await (await fetch(`${rig.h.running.url}/__sandbox/`)).json()) as { salesforce: { organizationId: string } };
    rig.organizationId = info.salesforce.organizationId;
    rig.web = await givenWebhookApp(rig.h, { secret: WEBHOOK_SECRET, organizationId: rig.organizationId });
    sf = await connectSalesforce({ kind: 'token', instanceUrl: rig.h.running.url, accessToken: 'reader' });
  });
  after(async () => {
    await rig.web?.close();
    await rig.h?.close();
  });
  beforeEach(async () => {
    await rig.pointSandboxAt(undefined, undefined);
    await rig.h.engine.drain();
    rig.web.failEnqueue = false;
    rig.web.holdEnqueue = undefined;
    rig.web.enqueued.cases.length = 0;
    rig.web.enqueued.issues.length = 0;
    rig.web.outcomes.length = 0;
  });

  rig.pointSandboxAt = async (jiraUrl, salesforceUrl) => {
    for (const [path, url] of [
      ['webhook', jiraUrl],
      ['outbound', salesforceUrl],
    ] as const) {
      const response = await fetch(`${rig.h.running.url}/__sandbox/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: url ?? null }) });
      assert.equal(response.status, 204, `PUT /__sandbox/${path}`);
    }
  };
  rig.readCase = async (id) => (await sf.sobject('Case').retrieve(id)) as unknown as Record<string, any>;
  /** Resets the sandbox's call counters; `writes()` then counts writes to either system since. */
  rig.clearStats = () => fetch(`${rig.h.running.url}/__sandbox/stats`, { method: 'DELETE' });
  // Refused write calls count too: a write the sandbox turned away was still attempted.
  const writes = async () => countWriteCalls((await (await fetch(`${rig.h.running.url}/__sandbox/stats`)).json()) as Parameters<typeof countWriteCalls>[0]);
  rig.assertNothingQueued = async (what) => {
    assert.deepEqual(rig.web.enqueued, { cases: [], issues: [] }, `${what}: no enqueue`);
    await rig.clearStats();
    assert.equal(await rig.h.engine.drain(), 0, `${what}: no job in the queue`);
    assert.equal(await writes(), 0, `${what}: nothing written to Salesforce or Jira`);
  };
  return rig;
}

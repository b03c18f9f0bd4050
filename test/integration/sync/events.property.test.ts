/**
 * Duplicated, reordered and late pushes (property-based): agents change case statuses, developers
 * transition, assign and set fix versions on a few linked pairs, while the real signed webhook
 * and outbound-message bodies the sandbox produced are replayed to the casebridge app in a
 * generated order — some twice, some only after later changes — mixed with polls and drains.
 *
 * The oracle: a sync pass can only see the state of each side, so human changes are grouped in
 * windows between two passes over the pair (a pass is seen as a refreshed status snapshot). At the
 * end of every window, and after the final settle:
 *  - Jira owns the display fields: Jira_Status__c / Jira_Assignee__c / Jira_Fix_Version__c equal
 *    the issue's status display, assignee display name and fix version;
 *  - the status pair follows the side that changed its status in the window; when both did, the
 *    side changed later (by record timestamp) wins; the winner's status maps onto the other side
 *    through statusMap.toJira / statusMap.toSalesforce[..].caseStatus, unless the other side
 *    already agrees, and a winner without a mapping moves nothing;
 *  - exactly one issue per case (label search), and one more settle does nothing.
 * One harness serves every run; each run uses fresh cases. Seed: FC_SEED or the fixed default.
 * The pairs, the human actions, the replay and the oracle's checks are in events-property-world.ts.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenWebhookApp } from '../../helpers/webhook-app.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';
import { startPushRecorder, waitForPushes } from '../../helpers/push-recorder.js';
import type { PushRecorder, RecordedDelivery } from '../../helpers/push-recorder.js';
import { PAIRS, givenEventsWorld } from './events-property-world.js';
import type { EventsWorld, Step } from './events-property-world.js';

const SECRET = 'property-webhook-secret';
const SEED = Number(process.env.FC_SEED ?? 20261126);
const RUNS = Number(process.env.FC_RUNS ?? 20);
/** Developers assignable in DRV (the driver_app route), with display names in three scripts. */
const DEVELOPERS = ['dev-maya-cohen', 'dev-noam-levi', 'dev-james-walker', 'im-anna-kuznetsova'];
const VERSIONS = ['2026.10', '2026.11', '2026.12', '2027.01'];

describe('events: duplicated, reordered and late pushes converge on the latest state (fast-check)', function () {
  this.timeout(120_000);
  let h: SyncHarness;
  let web: WebhookApp;
  let recorder: PushRecorder;
  let sf: Connection;
  let givenPairs: EventsWorld['givenPairs'];
  let act: EventsWorld['act'];
  let checkSyncedPairs: EventsWorld['checkSyncedPairs'];
  let deliver: EventsWorld['deliver'];
  let jiraGet: EventsWorld['jiraGet'];

  before(async () => {
    recorder = await startPushRecorder();
    h = await givenSyncHarness('sync_events', { sandbox: { webhookSecret: SECRET, webhookUrl: recorder.jiraUrl, outboundUrl: recorder.salesforceUrl, outbound: { batchDelayMs: 1 } } });
    const info = (await (await fetch(`${h.running.url}/__sandbox/`)).json()) as { salesforce: { organizationId: string } };
    web = await givenWebhookApp(h, { secret: SECRET, organizationId: info.salesforce.organizationId });
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
    ({ givenPairs, act, checkSyncedPairs, deliver, jiraGet } = givenEventsWorld(h, web, sf));
  });
  after(async () => {
    await web?.close();
    await h?.close();
    await recorder?.close();
  });

  it(`ends each sync window with the latest human change on each side (seed ${SEED}, ${RUNS} runs)`, async () => {
    console.log(`      fast-check seed ${SEED}, ${RUNS} runs (FC_SEED / FC_RUNS replay others)`);
    const pair = fc.nat({ max: PAIRS - 1 });
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ t: fc.constant('case' as const), pair, status: fc.constantFrom(...h.config.salesforce.caseStatuses) }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('transition' as const), pair, choice: fc.nat({ max: 5 }) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('assign' as const), pair, accountId: fc.constantFrom(null, ...DEVELOPERS) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('fixVersion' as const), pair, version: fc.constantFrom(...VERSIONS) }) },
      { weight: 4, arbitrary: fc.record({ t: fc.constant('deliver' as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.constant({ t: 'drain' as const }) },
      { weight: 1, arbitrary: fc.constant({ t: 'poll' as const }) },
    );
    const scenario = fc.record({
      steps: fc.array(step, { minLength: 3, maxLength: 16 }),
      // Order of the final replay of every recorded delivery, and which of them arrive twice.
      replayKeys: fc.array(fc.nat({ max: 1000 }), { minLength: 16, maxLength: 16 }),
      duplicateEvery: fc.integer({ min: 2, max: 4 }),
    });
    let run = 0;
    const tally = { deliveries: 0, windows: 0 };

    await fc.assert(
      fc.asyncProperty(scenario, async ({ steps, replayKeys, duplicateEvery }) => {
        run++;
        const pairs = await givenPairs(run);
        await waitForPushes(h.sandbox);
        recorder.deliveries.length = 0;
        const delivered = new Set<RecordedDelivery>();

        for (const [index, s] of steps.entries()) {
          if (s.t === 'deliver') {
            await waitForPushes(h.sandbox);
            const all = recorder.deliveries;
            if (all.length === 0) continue;
            // Any recorded delivery: an old one arrives late, a delivered one arrives again.
            const chosen = all[s.pick % all.length]!;
            delivered.add(chosen);
            await deliver(chosen);
            tally.deliveries++;
          } else if (s.t === 'drain') {
            await h.engine.drain();
            await checkSyncedPairs(pairs, `after step ${index} (drain)`);
          } else if (s.t === 'poll') await h.engine.pollOnce();
          else await act(s, pairs[s.pair]!);
        }

        // Every delivery Salesforce and Jira made, replayed in a generated order, some twice.
        await waitForPushes(h.sandbox);
        const replay = recorder.deliveries
          .map((d, i) => ({ d, key: (replayKeys[i % replayKeys.length] ?? 0) * 1000 + i, twice: i % duplicateEvery === 0 || delivered.has(d) }))
          .sort((a, b) => a.key - b.key);
        for (const { d, twice } of replay) {
          await deliver(d);
          if (twice) await deliver(d);
          tally.deliveries += twice ? 2 : 1;
        }
        await h.settle();
        await checkSyncedPairs(pairs, 'after the final settle', true);
        tally.windows += pairs.length;

        for (const p of pairs) {
          const search = await jiraGet<{ issues: unknown[] }>(`search/jql?jql=${encodeURIComponent(`labels = "sfcase-${p.caseId}"`)}&maxResults=10`);
          assert.equal(search.issues.length, 1, `one issue for case ${p.caseId}`);
        }
        assert.equal(await h.settle(), 0, 'settled: one more pass finds nothing to do');
      }),
      {
        seed: SEED,
        numRuns: RUNS,
        endOnFailure: true,
        // Run first, every time: both sides moved before a pass and the later change maps to nothing
        // on the other side (it must not be undone by the older one); then the same after a pass.
        examples: [
          [
            {
              steps: [
                { t: 'case', pair: 0, status: 'Closed' },
                { t: 'transition', pair: 0, choice: 0 },
              ],
              replayKeys: Array(16).fill(0),
              duplicateEvery: 2,
            },
          ],
          [
            {
              steps: [
                { t: 'transition', pair: 1, choice: 0 },
                { t: 'transition', pair: 1, choice: 2 },
                { t: 'case', pair: 1, status: 'Working' },
              ],
              replayKeys: Array(16).fill(0),
              duplicateEvery: 3,
            },
          ],
          [
            {
              steps: [
                { t: 'case', pair: 0, status: 'Closed' },
                { t: 'deliver', pick: 0 },
                { t: 'drain' },
                { t: 'transition', pair: 0, choice: 0 },
                { t: 'case', pair: 1, status: 'Working' },
                { t: 'case', pair: 1, status: 'Escalated' },
                { t: 'poll' },
                { t: 'drain' },
              ],
              replayKeys: Array(16).fill(0),
              duplicateEvery: 2,
            },
          ],
        ],
      },
    );
    console.log(`      ${run} runs, ${tally.deliveries} deliveries replayed`);
  });
});

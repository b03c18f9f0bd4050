/**
 * Date-time precision: SOQL compares date-times at whole seconds (and a real org stores them so),
 * and casebridge's Salesforce poll still sees every change when several land in the same second as
 * its cursor or as a change it has already seen.
 */
import assert from 'node:assert/strict';
import { pollSalesforce } from '../../../src/engine/feeds/salesforce-poll.js';
import { givenSyncHarness, type SyncHarness } from '../../helpers/sync-harness.js';
import { givenManualClock, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

describe('sandbox Salesforce realism: date-time precision', () => {
  describe('SOQL', () => {
    let started: StartedSandbox;
    const clock = givenManualClock('2026-11-26T10:15:30.700Z');
    before(async () => {
      started = await givenRunningSandbox({ now: clock.now });
    });
    after(async () => {
      await started.running.close();
    });

    const idsWhere = async (condition: string, subject: string): Promise<number> => (await started.connect().query(`SELECT Id FROM Case WHERE Subject = '${subject}' AND ${condition}`)).totalSize;

    it('compares SystemModstamp at whole seconds: >= and = match 10:15:30.700, > skips it', async () => {
      clock.set('2026-11-26T10:15:30.700Z');
      await started.connect().sobject('Case').create({ Subject: 'precision ms' });
      assert.equal(await idsWhere('SystemModstamp >= 2026-11-26T10:15:30Z', 'precision ms'), 1);
      assert.equal(await idsWhere('SystemModstamp = 2026-11-26T10:15:30Z', 'precision ms'), 1);
      assert.equal(await idsWhere('SystemModstamp <= 2026-11-26T10:15:30Z', 'precision ms'), 1);
      assert.equal(await idsWhere('SystemModstamp > 2026-11-26T10:15:30Z', 'precision ms'), 0);
      assert.equal(await idsWhere('SystemModstamp < 2026-11-26T10:15:31Z', 'precision ms'), 1);
      assert.equal(await idsWhere('CreatedDate >= 2026-11-26T12:15:30+02:00', 'precision ms'), 1, 'offsets too');
    });

    it('stores date-times cut to the whole second when wholeSecondTimestamps is on', async () => {
      await started.call('PUT', '/__sandbox/faults', { salesforceRecords: { wholeSecondTimestamps: true } });
      clock.set('2026-11-26T10:20:05.999Z');
      const conn = started.connect();
      const created = await conn.sobject('Case').create({ Subject: 'precision seconds', Jira_Last_Updated__c: '2026-11-26T10:19:59.450Z' });
      const row = (await conn.sobject('Case').retrieve(created.id as string)) as unknown as Record<string, unknown>;
      assert.equal(row.SystemModstamp, '2026-11-26T10:20:05.000+0000');
      assert.equal(row.CreatedDate, '2026-11-26T10:20:05.000+0000');
      assert.equal(row.Jira_Last_Updated__c, '2026-11-26T10:19:59.000+0000');
      assert.equal(await idsWhere('SystemModstamp > 2026-11-26T10:20:05Z', 'precision seconds'), 0);
      await started.call('DELETE', '/__sandbox/faults');
      clock.set('2026-11-26T10:20:06.250Z');
      await conn.sobject('Case').update({ Id: created.id as string, Subject: 'precision seconds' });
      const again = (await conn.sobject('Case').retrieve(created.id as string)) as unknown as Record<string, unknown>;
      assert.equal(again.SystemModstamp, '2026-11-26T10:20:06.250+0000', 'milliseconds kept by default');
      const answer = await started.call('PUT', '/__sandbox/faults', { salesforceRecords: { wholeSecondTimestamps: 'yes' } });
      assert.equal(answer.status, 400);
    });
  });

  for (const wholeSeconds of [true, false]) {
    for (const overlapSeconds of [0, 120]) {
      describe(`the casebridge poll (${wholeSeconds ? 'whole-second' : 'millisecond'} stamps, overlap ${overlapSeconds} s)`, function () {
        this.timeout(30_000);
        let h: SyncHarness;
        const clock = givenManualClock('2026-11-26T10:15:29.000Z');
        before(async () => {
          h = await givenSyncHarness(`sf_poll_precision_${wholeSeconds ? 's' : 'ms'}_${overlapSeconds}`, { sandbox: { now: clock.now } });
          h.config.salesforce.pollOverlapSeconds = overlapSeconds;
          await fetch(`${h.running.url}/__sandbox/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ salesforceRecords: { wholeSecondTimestamps: wholeSeconds } }),
          });
        });
        after(() => h?.close());

        const poll = async (at: string): Promise<string[]> => {
          clock.set(at);
          const enqueued: string[] = [];
          await pollSalesforce(
            h.context,
            async (ids) => {
              enqueued.push(...ids);
            },
            { now: clock.now },
          );
          return enqueued.sort();
        };
        const at = async (iso: string, action: Record<string, unknown>): Promise<string> => {
          clock.set(iso);
          return (await h.actSalesforce(action)).id;
        };

        it('enqueues every change made in the same second as the cursor or as a change it saw', async () => {
          const a = await at('2026-11-26T10:15:30.100Z', { action: 'createCase', fields: { Subject: 'case A' } });
          const b = await at('2026-11-26T10:15:30.200Z', { action: 'createCase', fields: { Subject: 'case B' } });
          assert.deepEqual(await poll('2026-11-26T10:15:30.300Z'), [a, b].sort());

          // Later in the same second: a new case, a field change and a comment-only change.
          const c = await at('2026-11-26T10:15:30.800Z', { action: 'createCase', fields: { Subject: 'case C' } });
          await at('2026-11-26T10:15:30.850Z', { action: 'editCase', caseId: a, fields: { Status: 'Working' } });
          await at('2026-11-26T10:15:30.900Z', { action: 'addComment', caseId: b, body: 'customer called again' });
          assert.deepEqual(await poll('2026-11-26T10:15:31.100Z'), [a, b, c].sort(), 'nothing in the cursor second is missed');

          // Once the second is long over, a poll enqueues each case at most once more, then nothing.
          const settling = await poll('2026-11-26T10:15:40.000Z');
          assert.ok(settling.every((id) => [a, b, c].includes(id)) && new Set(settling).size === settling.length);
          assert.deepEqual(await poll('2026-11-26T10:15:50.000Z'), [], 'a settled change is enqueued no more');

          const d = await at('2026-11-26T10:15:51.000Z', { action: 'editCase', caseId: c, fields: { Priority: 'P1' } });
          assert.equal(d, c);
          assert.deepEqual(await poll('2026-11-26T10:15:55.000Z'), [c], 'a later change is seen');
        });
      });
    }
  }
});

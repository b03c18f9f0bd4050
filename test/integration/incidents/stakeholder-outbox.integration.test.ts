/**
 * Stakeholder updates are delivered at least once, against the sandbox on a fake clock with two
 * runners: a runner that dies between claiming the opening update and sending it (a fault injected in
 * the notifier, thrown as a crash would end the run) leaves the slot claimed; within the lease nobody
 * sends it, after the lease exactly one runner sends it again, the same text to the same audiences;
 * then nothing more. In the normal path each update goes out once (no retry of a sent slot).
 */
import assert from 'node:assert/strict';
import { syncCases } from '../../../src/engine/sync-cases.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import * as stakeholderJob from '../../../src/jobs/stakeholder-updates.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from './given-incidents.js';
import type { FakeClock } from './given-incidents.js';

describe('stakeholder updates: an outbox, at least once (sandbox, fault between claim and send)', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let clock: FakeClock;
  let deps: IncidentDeps;
  let key: string;

  before(async () => {
    h = await givenSyncHarness('sh_outbox', { fakeSleep: true });
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
    clock = givenFakeClock(new Date('2026-12-02T09:00:00Z'));
    deps = givenIncidentDeps(h, givenIncidentsConfig(), { slack, smtp }, clock);
  });
  after(async () => {
    await h?.close();
    await slack?.close();
    await smtp?.close();
  });

  const openings = () => slack.messages.filter((m) => m.text.startsWith('#incidents-il') && m.text.includes(key));
  const rowOf = async () => (await h.db.knex('stakeholder_updates').where({ slot_key: 'opened' }).first()) as { status: string; attempts: number; sent_at: Date | null; body: string };
  /** Two scheduler replicas firing the same minute. */
  const runBoth = async (d: IncidentDeps = deps) => Promise.all([stakeholderJob.run({ ctx: h.context, incidents: d }), stakeholderJob.run({ ctx: h.context, incidents: d })]);

  it('a crash between the claim and the send leaves the slot claimed; after the lease one runner sends it, once', async () => {
    const caseId = (
      await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Card payments fail', Status: 'New', Priority: 'P1', Origin: 'Web', Topic__c: 'payments_billing', Region__c: 'IL' } })
    ).id;
    await syncCases(h.context, [caseId]);
    key = (await listTrackedIncidents(h.db.knex))[0]!.issueKey!;
    // The fault: the process dies (the run throws) after the claim, before any channel is called.
    const crashing: IncidentDeps = {
      ...deps,
      notifier: {
        notifyContact: async () => {
          throw new Error('killed between claim and send');
        },
      },
    };
    await assert.rejects(stakeholderJob.run({ ctx: h.context, incidents: crashing }), /killed between claim and send/);
    assert.deepEqual([(await rowOf()).status, (await rowOf()).attempts], ['claimed', 1]);
    assert.equal(openings().length, 0);

    clock.advanceMinutes(2);
    await runBoth();
    assert.equal(openings().length, 0, 'within the lease the claim holds: nobody sends it');

    clock.advanceMinutes(4);
    const runs = await runBoth();
    assert.equal(openings().length, 1, 'sent again once, by one of the two runners');
    assert.deepEqual(
      runs.flatMap((r) => r.updates.retried.map((x) => [x.issueKey, x.slotKey, x.status])),
      [[key, 'opened', 'sent']],
    );
    const row = await rowOf();
    assert.deepEqual([row.status, row.attempts], ['sent', 2]);
    assert.ok(row.sent_at);
    assert.match(openings()[0]!.text, /Card payments fail|payments/i);
    assert.ok(
      smtp.mails.some((m) => m.to.includes('ops-il@ride.example')),
      'the e-mail list got it too',
    );

    clock.advanceMinutes(10);
    await runBoth();
    assert.equal(openings().length, 1, 'a sent slot is never sent again');
  });

  it('in the normal path the next update goes out once, with no retry', async () => {
    slack.messages.length = 0;
    clock.advanceMinutes(30);
    const runs = await runBoth();
    const sent = runs.flatMap((r) => r.updates.sent);
    assert.deepEqual(
      sent.map((s) => s.kind),
      ['interval'],
    );
    assert.deepEqual(
      runs.flatMap((r) => r.updates.retried),
      [],
    );
    clock.advanceMinutes(6);
    assert.deepEqual(
      (await runBoth()).flatMap((r) => [...r.updates.sent, ...r.updates.retried]),
      [],
    );
    assert.equal(slack.messages.filter((m) => m.text.startsWith('#incidents-il') && m.text.includes(key)).length, 1);
  });
});

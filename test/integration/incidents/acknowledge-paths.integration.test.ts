/**
 * One acknowledgement path, against the sandbox (Salesforce, Jira, PagerDuty emulators) over HTTP:
 * an operator's acknowledgement in the console and the on-call person's in PagerDuty (its signed
 * webhook) both stop the escalation walk, move the Jira incident to Investigating with a comment
 * naming who took it (incidents.yaml jira.onAcknowledged), once however many walkers run; the
 * console's is sent on to PagerDuty as `acknowledge` with dedup_key = the incident key, PagerDuty's is
 * not echoed back. A failed Jira comment gives the claim back and the next walk finishes it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPagerDutyEvents } from '../../../src/adapters/notify/pagerduty.js';
import { getIncidentByKey, listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { claimJiraAcknowledgement } from '../../../src/adapters/store/incident-acknowledgements.js';
import { acknowledgeIncident } from '../../../src/console/ops/incidents/acknowledge.js';
import { createPagerDutyPager } from '../../../src/engine/incidents/alert-paging.js';
import { runEscalation } from '../../../src/engine/incidents/escalate.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';
import { givenAlertApp, givenAlertsConfig, PAGERDUTY_SECRET } from '../alerts/given-alert-apps.js';
import type { AlertApp } from '../alerts/given-alert-apps.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from './given-incidents.js';
import type { FakeClock } from './given-incidents.js';

const KEYS = { payments: 'R0UTINGKEYPAYMENTS00000000000042', dispatch: 'R0UTINGKEYDISPATCH00000000000042', auth: 'R0UTINGKEYAUTH000000000000000042' };
type Service = keyof typeof KEYS;
const FINGERPRINTS: Record<Service, string> = { payments: 'c6eadffa33fcdf37', dispatch: 'dd0011ee22ff3344', auth: 'ab12cd34ef560001' };
/** A firing Grafana alert of a service (the fixture from Grafana's docs, relabelled). */
function firing(service: Service) {
  const body = JSON.parse(readFileSync('test/fixtures/alerts/grafana-firing.json', 'utf8')) as { alerts: Array<{ fingerprint: string; labels: Record<string, string> }> };
  body.alerts[0]!.labels.service = service;
  body.alerts[0]!.fingerprint = FINGERPRINTS[service];
  return body;
}

describe('acknowledgement: console and PagerDuty take one path (sandbox)', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let clock: FakeClock;
  let deps: IncidentDeps;
  let app: AlertApp;

  before(async () => {
    h = await givenSyncHarness('ackpaths', { fakeSleep: true });
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
    clock = givenFakeClock(new Date('2026-12-02T08:00:00Z'));
    deps = givenIncidentDeps(h, givenIncidentsConfig(), { slack, smtp }, clock);
    deps.pager = createPagerDutyPager({
      events: createPagerDutyEvents({ eventsUrl: h.running.url }),
      routingKeys: {
        payments: { envName: 'PD_PAYMENTS', key: KEYS.payments },
        dispatch: { envName: 'PD_DISPATCH', key: KEYS.dispatch },
        auth: { envName: 'PD_AUTH', key: KEYS.auth },
      },
    });
    app = await givenAlertApp(h.context, deps, givenAlertsConfig());
    h.sandbox.pagerduty.setWebhookTarget({ url: `${app.url}/webhooks/pagerduty`, secrets: [PAGERDUTY_SECRET] });
  });
  after(async () => {
    await app?.close();
    await h?.close();
    await slack?.close();
    await smtp?.close();
  });

  const settle = async () => {
    await app.worker.idle();
    await h.sandbox.pagerduty.settle();
  };
  const openIncident = async (service: Service) => {
    assert.equal((await app.postAlert('grafana', firing(service))).status, 202);
    await settle();
    const incident = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === service)!;
    assert.ok(h.sandbox.pagerduty.incidents().some((p) => p.dedupKey === incident.issueKey && p.status === 'triggered'));
    return incident.issueKey!;
  };
  const issueOf = async (key: string) => (await deps.issues!.getIssues([key]))[0]!;
  const ackComments = async (key: string) => (await deps.issues!.listComments(key)).filter((c) => c.body.startsWith('Acknowledged by'));
  const acksSent = (key: string) => h.sandbox.pagerduty.events().filter((e) => e.action === 'acknowledge' && e.dedupKey === key);

  it('the console: the walk stops, Jira moves to Investigating with a comment, PagerDuty is acknowledged with the incident key', async () => {
    const key = await openIncident('payments');
    const told = slack.messages.length;
    assert.equal(await acknowledgeIncident(h.db.knex, key, 'Dana Operator', clock.now()), 'acknowledged');
    assert.equal(await acknowledgeIncident(h.db.knex, key, 'Dana Operator', clock.now()), 'already-acknowledged');
    const stored = await getIncidentByKey(h.db.knex, key);
    assert.equal(stored?.escalationStopped, 'acknowledged');
    // Two walkers at once (two scheduler replicas), an hour later: nobody further is paged.
    clock.advanceMinutes(60);
    const walks = await Promise.all([runEscalation(h.context, deps), runEscalation(h.context, deps)]);
    await settle();
    assert.deepEqual(
      walks.flatMap((w) => w.notified),
      [],
    );
    assert.equal(slack.messages.length, told);
    assert.equal((await issueOf(key)).status, 'Investigating');
    const comments = await ackComments(key);
    assert.equal(comments.length, 1, 'one comment however many walkers');
    assert.equal(comments[0]!.body, 'Acknowledged by Dana Operator in the casebridge console at 2026-12-02T08:00:00Z; casebridge stopped paging the on-call chain.');
    assert.equal(acksSent(key).length, 1, 'PagerDuty acknowledge sent once');
    assert.equal(acksSent(key)[0]!.routingKeyEnd, KEYS.payments.slice(-4));
    assert.equal(h.sandbox.pagerduty.incidents().find((p) => p.dedupKey === key)!.status, 'acknowledged');
    await runEscalation(h.context, deps);
    assert.equal((await ackComments(key)).length, 1);
    assert.equal(acksSent(key).length, 1);
  });

  it('PagerDuty: its webhook takes the same path (Jira moved and commented), and nothing is echoed back to it', async () => {
    const key = await openIncident('dispatch');
    assert.ok(h.sandbox.pagerduty.act(key, 'acknowledge', 'PIVAN01'));
    await settle();
    const stored = await getIncidentByKey(h.db.knex, key);
    assert.equal(stored?.escalationStopped, 'acknowledged');
    // The first comment fails (as a Jira 500 would): the claim is given back, the next walk finishes.
    const issues = deps.issues!;
    let refused = 0;
    const failingOnce = { ...issues, addComment: async () => (refused++, { ok: false as const, error: { code: 'HTTP_500', message: 'Internal server error' } }) };
    await runEscalation(h.context, { ...deps, issues: failingOnce });
    assert.equal(refused, 1);
    assert.equal((await ackComments(key)).length, 0, 'the failed comment was not written');
    await runEscalation(h.context, deps);
    assert.equal((await issueOf(key)).status, 'Investigating');
    const comments = await ackComments(key);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /^Acknowledged by Sandbox user PIVAN01 in PagerDuty at /);
    assert.equal(acksSent(key).length, 0, 'casebridge does not acknowledge back what PagerDuty told it');
  });

  it('a walker that died holding the Jira follow-up: its claim holds for the lease, then another walker finishes it', async () => {
    const key = await openIncident('auth');
    assert.equal(await acknowledgeIncident(h.db.knex, key, 'Dana Operator', clock.now()), 'acknowledged');
    const stored = (await getIncidentByKey(h.db.knex, key))!;
    // The dead walker's claim, taken now and never finished.
    assert.equal(await claimJiraAcknowledgement(h.db.knex, stored.id, clock.now(), 5 * 60_000), true);
    clock.advanceMinutes(4);
    await runEscalation(h.context, deps);
    assert.equal((await ackComments(key)).length, 0, 'within the lease the claim holds');
    assert.equal((await issueOf(key)).status, 'Open');
    clock.advanceMinutes(2);
    await runEscalation(h.context, deps);
    assert.equal((await ackComments(key)).length, 1, 'taken over after the lease');
    assert.equal((await issueOf(key)).status, 'Investigating');
  });
});

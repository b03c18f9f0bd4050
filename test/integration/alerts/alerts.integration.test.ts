/**
 * Alerts to incidents to PagerDuty, against the sandbox (Salesforce, Jira and PagerDuty emulators)
 * over HTTP, with two casebridge instances on one database: a Grafana alert opens one incident and
 * triggers PagerDuty with the incident key; repeats (in parallel, to both instances) and a second
 * alert of the service join it once; a later case links to it; PagerDuty's acknowledgement webhook
 * stops the escalation; resolved alerts are recorded and move it to Mitigated; resolution in Jira
 * resolves the PagerDuty incident; refused requests store nothing.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../../src/adapters/store/database.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { createPagerDutyEvents } from '../../../src/adapters/notify/pagerduty.js';
import { listAlerts } from '../../../src/adapters/store/incident-alerts.js';
import { listPages } from '../../../src/adapters/store/incident-pages.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { listCasesOfIncident } from '../../../src/adapters/store/incident-cases.js';
import { createPagerDutyPager } from '../../../src/engine/incidents/alert-paging.js';
import { runEscalation } from '../../../src/engine/incidents/escalate.js';
import { runIncidentWatch } from '../../../src/engine/incidents/watch-incidents.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { testDatabaseUrl } from '../../helpers/database.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from '../incidents/given-incidents.js';
import type { FakeClock } from '../incidents/given-incidents.js';
import { givenAlertApp, givenAlertsConfig, PAGERDUTY_SECRET } from './given-alert-apps.js';
import type { AlertApp } from './given-alert-apps.js';

const ROUTING_KEY = 'R0UTINGKEYPAYMENTS00000000000042';
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/alerts/${name}.json`, 'utf8')) as Record<string, any>;
/** A second alert of the payments service: another rule, another fingerprint. */
const secondAlert = (status: 'firing' | 'resolved') => {
  const body = fixture(status === 'firing' ? 'grafana-firing' : 'grafana-resolved');
  body.alerts[0].fingerprint = 'aa11bb22cc33dd44';
  body.alerts[0].labels.alertname = 'Refund queue backing up';
  return body;
};
const countRows = async (db: Database, table: string) => Number(((await db.knex(table).count({ n: '*' }).first()) as { n: string | number }).n);

describe('alerts: Grafana to incident to PagerDuty (sandbox, two instances, one database)', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let second: Database | undefined;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let clock: FakeClock;
  let deps: IncidentDeps;
  let a: AlertApp;
  let b: AlertApp;
  let incidentKey: string;

  before(async () => {
    h = await givenSyncHarness('alerts', { fakeSleep: true });
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
    clock = givenFakeClock(new Date('2026-12-02T08:00:00Z'));
    deps = givenIncidentDeps(h, givenIncidentsConfig(), { slack, smtp }, clock);
    deps.pager = createPagerDutyPager({ events: createPagerDutyEvents({ eventsUrl: h.running.url }), routingKeys: { payments: { envName: 'PAGERDUTY_ROUTING_KEY_PAYMENTS', key: ROUTING_KEY } } });
    const alerts = givenAlertsConfig();
    a = await givenAlertApp(h.context, deps, alerts);
    // The second instance: its own connection pool to the same schema on PostgreSQL (PGlite is one process's).
    const url = testDatabaseUrl();
    second = url ? await openDatabase({ url, schema: h.db.schema, poolMax: 4 }) : undefined;
    b = await givenAlertApp(second ? { ...h.context, db: second.knex } : h.context, deps, alerts);
    h.sandbox.pagerduty.setWebhookTarget({ url: `${a.url}/webhooks/pagerduty`, secrets: [PAGERDUTY_SECRET] });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await h?.close();
    await slack?.close();
    await smtp?.close();
  });

  const settle = async () => {
    await Promise.all([a.worker.idle(), b.worker.idle()]);
    await h.sandbox.pagerduty.settle();
  };
  const comments = async () => (await deps.issues!.listComments(incidentKey)).map((c) => c.body);

  it('a Grafana alert opens one incident, pages its chain and triggers PagerDuty with the incident key', async () => {
    const answer = await a.postAlert('grafana', fixture('grafana-firing'));
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.json.recorded, [{ fingerprint: 'c6eadffa33fcdf37', outcome: 'new' }]);
    await settle();
    const incidents = await listTrackedIncidents(h.db.knex);
    assert.equal(incidents.length, 1);
    const incident = incidents[0]!;
    assert.deepEqual([incident.service, incident.severity, incident.openedReason], ['payments', 'SEV1', 'alert']);
    assert.equal(incident.startedAt.toISOString(), '2026-12-02T05:51:03.157Z', 'the incident starts when the alert fired');
    assert.match(incident.issueKey ?? '', /^INC-\d+$/);
    incidentKey = incident.issueKey!;
    const issue = (await deps.issues!.getIssues([incidentKey]))[0]!;
    assert.match(issue.summary, /^\[SEV1\] payments: Card authorisations failing/);
    assert.ok(issue.labels.includes('from-monitoring'));
    assert.equal(slack.messages.length, 1, 'the first step of the chain was told');
    assert.match(slack.messages[0]!.text, new RegExp(`^#payments-oncall .*Incident ${incidentKey} on payments`));
    const paged = h.sandbox.pagerduty.incidents();
    assert.equal(paged.length, 1);
    assert.deepEqual([paged[0]!.dedupKey, paged[0]!.routingKey, paged[0]!.status, paged[0]!.severity], [incidentKey, ROUTING_KEY, 'triggered', 'critical']);
    const [page] = await listPages(h.db.knex);
    assert.ok(page?.triggeredAt);
    assert.equal(page.routingKeyEnv, 'PAGERDUTY_ROUTING_KEY_PAYMENTS');
  });

  it('repeats sent in parallel to both instances and a second alert of the service join it exactly once', async () => {
    const deliveries = [
      ...Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).postAlert('grafana', fixture('grafana-firing'))),
      ...Array.from({ length: 4 }, (_, i) => (i % 2 === 0 ? b : a).postAlert('grafana', secondAlert('firing'))),
    ];
    const answers = await Promise.all(deliveries);
    assert.deepEqual(
      answers.map((x) => x.status),
      answers.map(() => 202),
    );
    assert.equal(answers.filter((x) => (x.json.recorded as Array<{ outcome: string }>)[0]!.outcome === 'new').length, 1, 'only one delivery of the second alert is new');
    await settle();
    const incidents = await listTrackedIncidents(h.db.knex);
    assert.equal(incidents.length, 1, 'still one incident');
    const alerts = await listAlerts(h.db.knex);
    assert.deepEqual(
      alerts.map((x) => [x.fingerprint, x.incidentId, x.deliveries]),
      [
        ['c6eadffa33fcdf37', incidents[0]!.id, 7],
        ['aa11bb22cc33dd44', incidents[0]!.id, 4],
      ],
    );
    const joined = (await comments()).filter((c) => c.includes('alert joined this incident'));
    assert.equal(joined.length, 1, 'the second alert joined once');
    assert.match(joined[0]!, /"Refund queue backing up" \(SEV1/);
    assert.equal(h.sandbox.pagerduty.incidents().length, 1);
    assert.equal(h.sandbox.pagerduty.incidents()[0]!.triggers, 1, 'PagerDuty triggered once');
    assert.equal(slack.messages.length, 1, 'nobody was paged twice');
  });

  it('a case arriving later on the service links to the alert-opened incident', async () => {
    const caseId = (await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Card payment declined twice', Status: 'New', Priority: 'P3', Origin: 'Web', Topic__c: 'payments_billing' } })).id;
    await syncCases(h.context, [caseId]);
    const [incident] = await listTrackedIncidents(h.db.knex);
    assert.deepEqual(
      (await listCasesOfIncident(h.db.knex, incident!.id)).map((c) => c.caseId),
      [caseId],
    );
    assert.equal((await listTrackedIncidents(h.db.knex)).length, 1);
  });

  it('an acknowledgement in PagerDuty (its signed webhook) stops casebridge escalating', async () => {
    assert.ok(h.sandbox.pagerduty.act(incidentKey, 'acknowledge', 'PIVAN01'));
    await settle();
    assert.equal(h.sandbox.pagerduty.deliveries().at(-1)!.status, 200);
    const [incident] = await listTrackedIncidents(h.db.knex);
    assert.equal(incident!.escalationStopped, 'acknowledged');
    assert.ok(incident!.acknowledgedAt);
    const [page] = await listPages(h.db.knex);
    assert.equal(page!.acknowledgedBy, 'Sandbox user PIVAN01');
    clock.advanceMinutes(60);
    const walk = await runEscalation(h.context, deps);
    assert.deepEqual(walk.notified, [], 'no further step is notified');
    assert.equal(slack.messages.length, 1);
    assert.equal(h.sandbox.pagerduty.events().filter((e) => e.action === 'acknowledge').length, 0, 'casebridge does not acknowledge back what PagerDuty told it');
  });

  it('resolved alerts are recorded on the incident; when the last resolves it moves to Mitigated', async () => {
    assert.equal((await b.postAlert('grafana', fixture('grafana-resolved'))).status, 202);
    await settle();
    let bodies = await comments();
    assert.equal(bodies.filter((c) => c.includes('"Card authorisations failing" resolved at 2026-12-02T06:20:03')).length, 1);
    assert.ok(!bodies.some((c) => c.includes('Every alert')), 'one alert still fires');
    await Promise.all([a.postAlert('grafana', secondAlert('resolved')), b.postAlert('grafana', secondAlert('resolved'))]);
    await settle();
    bodies = await comments();
    assert.equal(bodies.filter((c) => c.includes('"Refund queue backing up" resolved')).length, 1, 'a repeated resolution is recorded once');
    assert.ok(bodies.some((c) => c.includes('Every alert of this incident has resolved; casebridge moved it to Mitigated.')));
    assert.equal((await deps.issues!.getIssues([incidentKey]))[0]!.status, 'Mitigated');
  });

  it('resolving the incident in Jira resolves the PagerDuty incident, once', async () => {
    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Resolved' });
    await runIncidentWatch(h.context, deps);
    await Promise.all([runEscalation(h.context, deps), runEscalation(h.context, deps)]);
    await settle();
    assert.equal(h.sandbox.pagerduty.incidents()[0]!.status, 'resolved');
    assert.equal(h.sandbox.pagerduty.events().filter((e) => e.action === 'resolve').length, 1);
    const [page] = await listPages(h.db.knex);
    assert.ok(page!.resolveSentAt && page!.resolvedAt, 'sent, and PagerDuty told us back');
  });

  it('unsigned, mis-signed or malformed requests are refused and store nothing', async () => {
    const tables = ['incident_alerts', 'pagerduty_webhook_events', 'incidents', 'audit_log', 'incident_pages'];
    const before = await Promise.all(tables.map((t) => countRows(h.db, t)));
    const fresh = fixture('grafana-firing');
    fresh.alerts[0].fingerprint = 'ffff0000ffff0000';
    assert.equal((await a.postAlert('grafana', fresh, null)).status, 401, 'no Authorization');
    assert.equal((await a.postAlert('grafana', fresh, 'wrong-token-wrong-token')).status, 401, 'wrong token');
    assert.equal((await a.postAlert('grafana', fresh, 'test-alerts-token-012345678')).status, 401, 'the token less its last character');
    const malformed = await a.postAlert('grafana', fixture('grafana-malformed'));
    assert.equal(malformed.status, 400);
    assert.match(String((malformed.json.error as { message: string }).message), /alerts\.0\.fingerprint/);
    assert.equal((await a.postAlert('grafana', '{"alerts": [')).status, 400, 'not JSON');
    assert.equal((await a.postAlert('splunk', fresh)).status, 404, 'unknown source');
    const event = JSON.stringify({ event: { id: 'evt-1', event_type: 'incident.acknowledged', occurred_at: '2026-12-02T09:00:00Z', agent: null, data: { id: 'PX', incident_key: incidentKey } } });
    const sign = (body: string, secret: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    assert.equal((await a.postPagerDuty(event)).status, 401, 'unsigned');
    assert.equal((await a.postPagerDuty(event, sign(event, 'not-the-secret-at-all'))).status, 401, 'mis-signed');
    assert.equal((await a.postPagerDuty(event, `v1=${'0'.repeat(64)},${sign(`${event} `, PAGERDUTY_SECRET)}`)).status, 401, 'signed over another body');
    const bad = JSON.stringify({ event: { id: 'evt-2' } });
    assert.equal((await a.postPagerDuty(bad, sign(bad, PAGERDUTY_SECRET))).status, 400, 'signed but malformed');
    assert.equal((await a.postPagerDuty('not json', sign('not json', PAGERDUTY_SECRET))).status, 400);
    await settle();
    assert.deepEqual(await Promise.all(tables.map((t) => countRows(h.db, t))), before);
    // Rotation: a second, valid signature in the header is accepted.
    assert.equal((await a.postPagerDuty(event, `${sign(event, 'old-secret-old-secret')},${sign(event, PAGERDUTY_SECRET)}`)).status, 200);
  });
});

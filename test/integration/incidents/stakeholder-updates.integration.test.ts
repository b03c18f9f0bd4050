/**
 * Stakeholder updates against the sandbox over HTTP, on a fake clock, with two job runners at once
 * (two scheduler replicas) every time: the opening, the SEV1 interval, a severity change and the
 * resolution each reach their audiences once; a driver-app incident whose cases come from Israel,
 * the UK and Russia goes global (note on the Jira issue, the Global Incident Manager added as its watcher and notified) and
 * every region's list gets its updates. Slack and e-mail are read back from local receivers.
 */
import assert from 'node:assert/strict';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { runIncidentWatch } from '../../../src/engine/incidents/watch-incidents.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { listSeverityHistory } from '../../../src/adapters/store/incident-metrics.js';
import * as stakeholderJob from '../../../src/jobs/stakeholder-updates.js';
import { metricsRegistry } from '../../../src/metrics.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from './given-incidents.js';
import type { FakeClock } from './given-incidents.js';

describe('stakeholder updates (sandbox, two runners, fake clock)', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let clock: FakeClock;
  let deps: IncidentDeps;
  const keys: Record<'payments' | 'driver', string> = { payments: '', driver: '' };
  const caseNumbers: string[] = [];

  before(async () => {
    h = await givenSyncHarness('stakeholders', { fakeSleep: true });
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
    clock = givenFakeClock();
    deps = givenIncidentDeps(
      h,
      givenIncidentsConfig((c) => {
        c.opening.burst.cases = 2;
      }),
      { slack, smtp },
      clock,
    );
  });
  after(async () => {
    await h?.close();
    await slack?.close();
    await smtp?.close();
  });

  const account = (name: string) => h.sandbox.salesforce.people().accounts.find((a) => a.account.name === name)!;
  const createCase = async (fields: Record<string, unknown>) => (await h.actSalesforce({ action: 'createCase', fields: { Status: 'New', Priority: 'P3', Origin: 'Web', ...fields } })).id;
  /** Both runners at once, as two scheduler replicas firing the same minute (their clocks 1.5 s apart). */
  const runBoth = async () => {
    const jobDeps = { ctx: h.context, incidents: deps };
    const other = { ctx: h.context, incidents: { ...deps, now: () => new Date(clock.now().getTime() + 1500) } };
    const [a, b] = await Promise.all([stakeholderJob.run(jobDeps), stakeholderJob.run(other)]);
    return [...a.updates.sent, ...b.updates.sent];
  };
  /** Stakeholder posts (audience channels and the Global Incident Manager), taken out of the receiver. */
  const takeUpdates = () => {
    const posts = slack.messages.filter((m) => /^#incidents-|^@sarah\.oconnor /.test(m.text));
    slack.messages.length = 0;
    const mails = smtp.mails.map((m) => m.to.join(','));
    smtp.mails.length = 0;
    return { posts, mails: mails.filter((to) => /^ops-|^corporate-accounts@|^sarah\.oconnor@/.test(to)).sort() };
  };

  it('the opening goes out once to the regions and business line of the incident, in business language', async () => {
    const negev = account('Negev Logistics Ltd');
    const paymentsCase = await createCase({
      Subject: 'Card payments fail at checkout',
      Topic__c: 'payments_billing',
      Priority: 'P1',
      Region__c: 'IL',
      AccountId: negev.id,
      Customer_Tier__c: 'Corporate',
    });
    const driverCases = [
      await createCase({ Subject: 'Driver app freezes on pickup', Topic__c: 'driver_app', Region__c: 'GB', AccountId: account('Thames Legal LLP').id, Customer_Tier__c: 'Corporate' }),
      await createCase({ Subject: 'Driver app freezes on pickup again', Topic__c: 'driver_app', Region__c: 'GB' }),
    ];
    await syncCases(h.context, [paymentsCase, ...driverCases]);
    const incidents = await listTrackedIncidents(h.db.knex);
    keys.payments = incidents.find((i) => i.service === 'payments')!.issueKey!;
    keys.driver = incidents.find((i) => i.service === 'driver-app')!.issueKey!;
    const [paymentsRecord] = await h.context.cases.getCases([paymentsCase], ['CaseNumber']);
    caseNumbers.push(String(paymentsRecord!.fields.CaseNumber));
    takeUpdates();

    const sent = await runBoth();
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind]).sort(),
      [
        [keys.payments, 'opened'],
        [keys.driver, 'opened'],
      ].sort(),
    );
    const { posts, mails } = takeUpdates();
    const il = posts.filter((p) => p.text.startsWith('#incidents-il'));
    assert.equal(il.length, 1, 'one post to the Israel channel (payments, IL)');
    assert.match(il[0]!.text, new RegExp(`New incident: Payments & Billing incident ${keys.payments} · SEV1`));
    assert.match(il[0]!.text, /We are handling a SEV1 \(critical\) incident affecting Payments & Billing/);
    assert.match(il[0]!.text, new RegExp(`Impact: 1 customer case \\(${caseNumbers[0]}\\); 1 corporate account \\(Negev Logistics Ltd\\); regions: Israel\\.`));
    assert.match(il[0]!.text, /Owner: Ivan Petrov \(Payments & Billing\)\./);
    assert.match(il[0]!.text, /Next update: by \d\d:\d\d UTC, \d+ \w+ \(in 30 min\)/);
    assert.doesNotMatch(il[0]!.text, /500[0-9A-Za-z]{12}/, 'no Salesforce record ids');
    const uk = posts.filter((p) => p.text.startsWith('#incidents-uk'));
    assert.equal(uk.length, 1);
    assert.match(uk[0]!.text, /SEV2 \(major\) incident affecting Driver Experience.*\n.*2 customer cases .*1 corporate account \(Thames Legal LLP\); regions: United Kingdom/);
    assert.match(uk[0]!.text, /in 1 h 00 min/);
    assert.equal(posts.length, 2, 'no post to regions the incidents do not touch');
    assert.deepEqual(mails, ['corporate-accounts@ride.example', 'ops-il@ride.example', 'ops-uk@ride.example']);

    assert.deepEqual(await runBoth(), [], 'nothing twice');
  });

  it('the SEV1 interval update comes 30 minutes after the opening, once; the SEV2 one not yet', async () => {
    clock.advanceMinutes(29);
    assert.deepEqual(await runBoth(), []);
    clock.advanceMinutes(2);
    const sent = await runBoth();
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind]),
      [[keys.payments, 'interval']],
    );
    const { posts } = takeUpdates();
    assert.equal(posts.length, 1);
    assert.match(posts[0]!.text, /^#incidents-il \*Update: Payments & Billing incident/);
    assert.match(posts[0]!.text, /\(31 min so far\)/);
    assert.deepEqual(await runBoth(), [], 'nothing twice');
  });

  it('a severity change is announced at once, once', async () => {
    const p1 = await createCase({ Subject: 'Drivers cannot go online', Topic__c: 'driver_app', Priority: 'P1', Region__c: 'GB' });
    await syncCases(h.context, [p1]);
    const driver = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'driver-app')!;
    assert.equal(driver.severity, 'SEV1');
    takeUpdates();
    const sent = await runBoth();
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind]),
      [[keys.driver, 'severity']],
    );
    const { posts } = takeUpdates();
    assert.equal(posts.length, 1);
    assert.match(posts[0]!.text, /^#incidents-uk \*Severity changed: Driver Experience incident INC-\d+ · SEV1/);
    assert.match(posts[0]!.text, /is now SEV1 \(critical\), raised from SEV2/);
    assert.deepEqual(
      (await listSeverityHistory(h.db.knex, driver.id)).map((s) => s.severity),
      ['SEV2', 'SEV1'],
    );
    assert.deepEqual(await runBoth(), []);
  });

  it('cases from Israel, the UK and Russia make the incident global: the manager is added and every region gets the update', async () => {
    const more = [
      await createCase({ Subject: 'Driver app crash in Tel Aviv', Topic__c: 'driver_app', Region__c: 'IL', AccountId: account('Carmel Biotech').id, Customer_Tier__c: 'Corporate' }),
      await createCase({ Subject: 'Driver app crash in Moscow', Topic__c: 'driver_app', Region__c: 'RU', AccountId: account('Volga Freight').id, Customer_Tier__c: 'Corporate' }),
    ];
    await syncCases(h.context, more);
    takeUpdates();
    // Jira refuses the watcher call this time (a 503): the manager is added at the next run.
    const realIssues = deps.issues!;
    deps.issues = { ...realIssues, addWatcher: async () => ({ ok: false as const, error: { code: 'HTTP_503', message: 'Service unavailable' } }) };
    const sent = await runBoth();
    deps.issues = realIssues;
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind, s.audiences]),
      [[keys.driver, 'global', ['israel', 'uk', 'russia']]],
    );
    const driver = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'driver-app')!;
    const row = await h.db.knex('incidents').where({ id: driver.id }).first();
    assert.equal(row.is_global, true);

    const { posts, mails } = takeUpdates();
    const manager = posts.filter((p) => p.text.startsWith('@sarah.oconnor'));
    assert.equal(manager.length, 2, 'the manager is told it is global, and copied on the update');
    assert.match(manager[0]!.text, new RegExp(`Global incident ${keys.driver}: Driver Experience in Israel, Russia and United Kingdom`));
    const regional = posts.filter((p) => p.text.startsWith('#incidents-'));
    assert.deepEqual(regional.map((p) => p.text.split(' ')[0]).sort(), ['#incidents-il', '#incidents-ru', '#incidents-uk']);
    for (const post of regional) {
      assert.match(post.text, /Now a global incident: Driver Experience incident INC-\d+ · SEV1 · Global/);
      assert.match(post.text, /5 customer cases .*3 corporate accounts \(Carmel Biotech, Thames Legal LLP, Volga Freight\); regions: Israel, Russia and United Kingdom\./);
      assert.match(post.text, /Global Incident Manager: Sarah O'Connor\./);
    }
    assert.deepEqual(mails, ['ops-il@ride.example', 'ops-ru@ride.example', 'ops-uk@ride.example', 'sarah.oconnor@ride.example', 'sarah.oconnor@ride.example']);
    const comments = await deps.issues!.listComments(keys.driver);
    assert.equal(comments.filter((c) => /now a global incident/.test(c.body)).length, 1, 'one note on the Jira issue');
    assert.match(comments.at(-1)!.body, /Global Incident Manager: Sarah O'Connor \(Jira account im-sarah-oconnor\)/);
    // Added in Jira too: the manager watches the incident issue (read back from the emulator's watcher list).
    const auth = { authorization: `Basic ${Buffer.from('casebridge@integration.example:test-token').toString('base64')}` };
    const watcherIds = async () =>
      ((await (await fetch(`${h.running.url}/rest/api/3/issue/${keys.driver}/watchers`, { headers: auth })).json()) as { watchers: Array<{ accountId: string }> }).watchers.map((w) => w.accountId);
    assert.ok(!(await watcherIds()).includes('im-sarah-oconnor'), 'not yet: Jira refused the call');
    assert.deepEqual(await runBoth(), [], 'nothing twice');
    assert.ok((await watcherIds()).includes('im-sarah-oconnor'), 'the Global Incident Manager watches the Jira incident');

    // Its next interval update (SEV1: 30 minutes) goes to every region too.
    clock.advanceMinutes(31);
    const next = await runBoth();
    assert.deepEqual(
      next.filter((s) => s.issueKey === keys.driver).map((s) => [s.kind, s.audiences]),
      [['interval', ['israel', 'uk', 'russia']]],
    );
    takeUpdates();
  });

  it('the resolution is the last update, once; the durations are observed once', async () => {
    // The registry is the whole test process's: count this test's observations, not every file's.
    const resolvedSoFar = async (): Promise<number> =>
      Number((await metricsRegistry.getSingleMetricAsString('casebridge_incident_time_to_resolve_seconds')).match(/_count\{severity="SEV1"\} (\d+)/)?.[1] ?? 0);
    const before = await resolvedSoFar();
    await h.actJira({ type: 'transition', issueKey: keys.payments, toStatus: 'Investigating' });
    await h.actJira({ type: 'transition', issueKey: keys.payments, toStatus: 'Resolved' });
    await runIncidentWatch(h.context, deps);
    takeUpdates();
    const sent = await runBoth();
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind]),
      [[keys.payments, 'resolved']],
    );
    const { posts } = takeUpdates();
    assert.equal(posts.length, 1);
    assert.match(posts[0]!.text, /is resolved as of \d\d:\d\d UTC, \d+ \w+, after (\d+ h )?\d+ min\./);
    assert.match(posts[0]!.text, /Current state: Resolved/);
    assert.match(posts[0]!.text, /This is the last update on this incident/);
    clock.advanceMinutes(120);
    assert.deepEqual(
      (await runBoth()).filter((s) => s.issueKey === keys.payments),
      [],
      'nothing after the resolution',
    );
    assert.equal((await resolvedSoFar()) - before, 1, 'two runners observe the resolution once');
  });

  it('moments for the metrics: a mitigated status, RCA stages seen done, action sub-tasks still open', async () => {
    takeUpdates();
    await h.actJira({ type: 'transition', issueKey: keys.driver, toStatus: 'Investigating' });
    await h.actJira({ type: 'transition', issueKey: keys.driver, toStatus: 'Mitigated' });
    await runIncidentWatch(h.context, deps);
    await runBoth();
    clock.advanceMinutes(31);
    const sent = await runBoth();
    assert.deepEqual(
      sent.map((s) => [s.issueKey, s.kind]),
      [[keys.driver, 'interval']],
    );
    assert.match(takeUpdates().posts[0]!.text, /Current state: Mitigated — a workaround is in place/);

    const payments = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'payments')!;
    const [action] = await deps.issues!.createIssues([
      {
        caseId: 'action-item',
        projectKey: 'INC',
        issueType: 'Sub-task',
        summary: `Action: add a circuit breaker (${keys.payments})`,
        description: 'From the RCA.',
        labels: [],
        components: [],
        fields: { parent: { key: keys.payments } },
      },
    ]);
    assert.ok(action?.ok);
    const initial = (await h.db.knex('rca_stages').where({ incident_id: payments.id, stage: 'Initial RCA' }).first()) as { issue_key: string };
    await h.actJira({ type: 'transition', issueKey: initial.issue_key, toStatus: 'Done' });
    await runIncidentWatch(h.context, deps);
    await runBoth();
    const stages = (await h.db.knex('rca_stages').where({ incident_id: payments.id }).orderBy('due_at')) as Array<{ stage: string; done_at: Date | null }>;
    assert.deepEqual(
      stages.map((s) => [s.stage, s.done_at !== null]),
      [
        ['Initial RCA', true],
        ['R&D RCA', false],
      ],
    );
    // The done time is the sub-task's resolution in Jira, not when the job saw it (the fake clock is hours ahead).
    const [subtask] = await deps.issues!.getIssues([initial.issue_key]);
    const doneAt = (await h.db.knex('rca_stages').where({ issue_key: initial.issue_key }).first()) as { done_at: Date };
    assert.equal(new Date(doneAt.done_at).getTime(), Date.parse(String(subtask!.fields.resolutiondate).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    assert.ok(new Date(doneAt.done_at).getTime() < clock.now().getTime() - 60 * 60_000);
    const row = (await h.db.knex('incidents').where({ id: payments.id }).first()) as { open_action_subtasks: string[]; mitigated_at: Date; resolved_at: Date };
    assert.deepEqual(row.open_action_subtasks, [action.value.key]);
    assert.equal(new Date(row.mitigated_at).getTime(), new Date(row.resolved_at).getTime(), 'resolved without a mitigated status: mitigated at the resolution');
    const moments = (await h.db.knex('incident_moments').where({ incident_id: payments.id }).orderBy('moment')) as Array<{ moment: string }>;
    assert.deepEqual(
      moments.map((m) => m.moment),
      ['mitigated', 'opened', 'resolved'],
    );
  });
});

/**
 * Incidents against the sandbox over HTTP: a burst processed by two workers at once opens one
 * incident; later and typed-key cases link to it; escalation walks the chain on a fake clock until
 * acknowledged; resolution fans out to every case and creates RCA sub-tasks with due dates;
 * closing with an open sub-task is reverted, and allowed once they are done. Notifications are
 * read back from a local Slack receiver and SMTP server.
 */
import assert from 'node:assert/strict';
import { syncCases } from '../../../src/engine/sync-cases.js';
import { runEscalation } from '../../../src/engine/incidents/escalate.js';
import { runIncidentWatch } from '../../../src/engine/incidents/watch-incidents.js';
import { runRcaOverdue } from '../../../src/engine/incidents/overdue-rca.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { listTrackedIncidents } from '../../../src/adapters/store/incident-tracking.js';
import { listCasesOfIncident } from '../../../src/adapters/store/incident-cases.js';
import { listRcaStages } from '../../../src/adapters/store/rca-stages.js';
import { listAudit } from '../../../src/adapters/store/audit-log.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from './given-incidents.js';
import type { FakeClock } from './given-incidents.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

const AFFECTED_SERVICE = sandboxFieldId('Affected Service');
const SEVERITY = sandboxFieldId('Severity');
const LINKED_CASES = sandboxFieldId('Linked Cases');
const CORPORATE_ACCOUNTS = sandboxFieldId('Corporate Accounts Affected');

describe('incidents (sandbox, two workers, fake clock)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  let clock: FakeClock;
  let deps: IncidentDeps;
  let incidentKey: string;
  const burstCaseIds: string[] = [];

  before(async () => {
    h = await givenSyncHarness('incidents', { fakeSleep: true });
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
    clock = givenFakeClock();
    // Three cases in 15 minutes: each worker's half of the burst reaches it alone, so both race to open.
    deps = givenIncidentDeps(
      h,
      givenIncidentsConfig((c) => {
        c.opening.burst.cases = 3;
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

  const accounts = () => h.sandbox.salesforce.people().accounts;
  const createCase = async (fields: Record<string, unknown>) => (await h.actSalesforce({ action: 'createCase', fields: { Status: 'New', Priority: 'P3', Origin: 'Web', ...fields } })).id;
  const readIssue = async (key: string, fields: string) => {
    const response = await fetch(`${h.running.url}/rest/api/3/issue/${key}?fields=${fields}`, {
      headers: { authorization: `Basic ${Buffer.from('casebridge@integration.example:t').toString('base64')}` },
    });
    return ((await response.json()) as { fields: Record<string, any> }).fields;
  };

  const searchKeys = async (jql: string) => {
    const response = await fetch(`${h.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('casebridge@integration.example:t').toString('base64')}` },
      body: JSON.stringify({ jql, fields: ['key'] }),
    });
    return ((await response.json()) as { issues: Array<{ key: string }> }).issues.map((i) => i.key);
  };

  it('a burst on one service opens exactly one incident when two workers process it concurrently; every case links to it', async () => {
    const corporate = accounts().filter((a) => a.account.tier === 'Corporate');
    for (let i = 0; i < 6; i++) {
      burstCaseIds.push(await createCase({ Subject: `Driver app will not accept rides ${i}`, Topic__c: 'driver_app', AccountId: corporate[i % 2]?.id, Customer_Tier__c: 'Corporate' }));
    }
    await Promise.all([syncCases(h.context, burstCaseIds.slice(0, 3)), syncCases(h.context, burstCaseIds.slice(3))]);

    const incidents = await listTrackedIncidents(h.db.knex);
    assert.equal(incidents.length, 1);
    const incident = incidents[0]!;
    assert.equal(incident.service, 'driver-app');
    assert.equal(incident.openedReason, 'burst');
    assert.ok(incident.issueKey?.startsWith('INC-'));
    incidentKey = incident.issueKey!;
    const inJira = await deps.issues!.findIssuesByLabels([`casebridge-incident-${incident.id}`]);
    assert.deepEqual(
      inJira.map((i) => i.key),
      [incidentKey],
    );
    assert.deepEqual(await searchKeys('project = INC AND issuetype = Incident'), [incidentKey], 'one incident issue in Jira');

    const members = await listCasesOfIncident(h.db.knex, incident.id);
    assert.deepEqual(members.map((m) => m.caseId).sort(), [...burstCaseIds].sort());
    const cases = await h.context.cases.getCases(burstCaseIds, ['Incident_Key__c']);
    assert.deepEqual(
      cases.map((c) => c.fields.Incident_Key__c),
      burstCaseIds.map(() => incidentKey),
    );
    const fields = await readIssue(incidentKey, `${AFFECTED_SERVICE},${SEVERITY},${LINKED_CASES},${CORPORATE_ACCOUNTS},assignee,issuetype`);
    assert.equal(fields[AFFECTED_SERVICE], 'driver-app');
    assert.equal(fields[SEVERITY]?.value, 'SEV2');
    assert.equal(fields[LINKED_CASES], 6);
    assert.equal(fields[CORPORATE_ACCOUNTS], Math.min(2, corporate.length));
    assert.equal(fields.assignee?.accountId, 'dev-noam-levi');
    assert.equal(fields.issuetype?.name, 'Incident');

    // The first step of the chain was told at once, on both channels.
    assert.equal(slack.messages.length, 1);
    assert.match(slack.messages[0]!.text, new RegExp(`^#mobile-oncall .*Incident ${incidentKey} on driver-app`));
    assert.match(slack.messages[0]!.text, /[36] case\(s\) linked\. Acknowledge by moving it to Investigating or assigning it: http:\/\/127\.0\.0\.1:\d+\/browse\/INC-\d+/);
    assert.match(slack.messages[0]!.text, /If nobody acknowledges within 10 minutes, the next person in the chain is notified/);
    assert.deepEqual(
      smtp.mails.map((m) => m.to),
      [['mobile-oncall@ride.example']],
    );
    assert.match(smtp.mails[0]!.raw, new RegExp(`Subject: \\[SEV2\\] Incident ${incidentKey} on driver-app`));
  });

  it('a later (P1) case on the service and a case whose agent typed the key link to the open incident; counts and severity follow', async () => {
    const later = await createCase({ Subject: 'Still cannot accept rides', Topic__c: 'driver_app', Priority: 'P1' });
    const typed = await createCase({ Subject: 'Rider sees no cars', Topic__c: 'rider_app', Incident_Key__c: incidentKey });
    await syncCases(h.context, [later, typed]);
    const [incident] = await listTrackedIncidents(h.db.knex);
    assert.equal(incident!.linkedCaseCount, 8);
    assert.equal((await listTrackedIncidents(h.db.knex)).length, 1, 'no second incident');
    const fields = await readIssue(incidentKey, `${SEVERITY},${LINKED_CASES}`);
    assert.equal(fields[LINKED_CASES], 8);
    assert.equal(incident!.severity, 'SEV1', 'a P1 joining raises the burst incident to SEV1');
    assert.equal(fields[SEVERITY]?.value, 'SEV1');
    const [laterCase] = await h.context.cases.getCases([later], ['Incident_Key__c']);
    assert.equal(laterCase!.fields.Incident_Key__c, incidentKey);
    burstCaseIds.push(later, typed);
  });

  it('escalation walks the chain on the fake clock and stops when acknowledged', async () => {
    slack.messages.length = 0;
    smtp.mails.length = 0;
    clock.advanceMinutes(9);
    assert.deepEqual((await runEscalation(h.context, deps)).notified, [], 'step 0 waits 10 minutes');
    clock.advanceMinutes(2);
    const walks = await Promise.all([runEscalation(h.context, deps), runEscalation(h.context, deps)]);
    assert.deepEqual(
      walks.flatMap((w) => w.notified.map((n) => n.contactId)),
      ['noam-levi'],
      'two walkers notify a step once',
    );
    assert.match(slack.messages[0]!.text, /^@noam\.levi .*Escalation step 2/s);
    assert.deepEqual(
      smtp.mails.map((m) => m.to),
      [['noam.levi@ride.example']],
    );
    clock.advanceMinutes(10);
    assert.deepEqual((await runEscalation(h.context, deps)).notified, [], 'step 1 waits 15 minutes');

    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Investigating' });
    clock.advanceMinutes(30);
    const afterAck = await runEscalation(h.context, deps);
    assert.deepEqual(afterAck.notified, []);
    assert.equal(afterAck.acknowledged.length, 1);
    clock.advanceMinutes(60);
    assert.deepEqual((await runEscalation(h.context, deps)).notified, [], 'stopped for good');
    assert.equal(slack.messages.length, 1);
    const steps = (await listAudit(h.db.knex, { objectId: incidentKey })).filter((a) => a.action === 'escalate' || a.action === 'escalation-acknowledged');
    assert.deepEqual(steps.map((a) => a.action).reverse(), ['escalate', 'escalate', 'escalation-acknowledged']);
  });

  it('resolution fans out to every linked case in batches and creates the RCA sub-tasks with their due dates', async () => {
    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Resolved' });
    h.sandbox.stats.clear();
    // Two watchers at once (two scheduler replicas): the store's claims let each thing happen once.
    const [first, second] = await Promise.all([runIncidentWatch(h.context, deps), runIncidentWatch(h.context, deps)]);
    assert.deepEqual([...first!.resolved, ...second!.resolved], [incidentKey]);
    assert.equal(first!.casesInformed + second!.casesInformed, burstCaseIds.length);
    assert.equal(first!.rcaCreated.length + second!.rcaCreated.length, 2);
    const calls = h.sandbox.stats.snapshot().salesforce.calls;
    const collectionCalls = Object.entries(calls)
      .filter(([route]) => /composite/.test(route))
      .reduce((sum, [, n]) => sum + n, 0);
    assert.equal(collectionCalls, 2, `one collection of case updates and one of comments: ${JSON.stringify(calls)}`);
    assert.ok(!Object.keys(calls).some((route) => /^(PATCH|POST) .*sobjects\/Case(Comment)?(\/|$)/.test(route)), `no single-record writes: ${JSON.stringify(calls)}`);
    assert.deepEqual((await searchKeys(`parent = ${incidentKey}`)).length, 2, 'two sub-tasks in Jira, not four');

    const cases = await h.context.cases.getCases(burstCaseIds, ['Status', 'Incident_Key__c', 'Incident_Status__c']);
    assert.deepEqual(
      cases.map((c) => c.fields.Status),
      burstCaseIds.map(() => 'Resolved'),
    );
    assert.deepEqual(
      cases.map((c) => [c.fields.Incident_Key__c, c.fields.Incident_Status__c]),
      burstCaseIds.map(() => [incidentKey, 'Resolved']),
      'agents see the incident key and status',
    );
    const comments = await h.context.cases.listComments(burstCaseIds);
    for (const caseId of burstCaseIds) {
      const mine = comments.filter((c) => c.caseId === caseId);
      assert.equal(mine.length, 1, `one resolution comment on ${caseId}`);
      assert.ok(mine[0]!.isPublished);
      assert.match(mine[0]!.body, new RegExp(`The incident ${incidentKey} affecting driver-app was resolved at`));
    }

    const [incident] = await listTrackedIncidents(h.db.knex);
    const resolvedAt = incident!.resolvedAt!;
    const stages = await listRcaStages(h.db.knex, [incident!.id]);
    assert.deepEqual(
      stages.map((s) => [s.stage, s.dueAt.getTime() - resolvedAt.getTime(), s.assignee]),
      [
        ['Initial RCA', 24 * 3_600_000, 'im-sarah-oconnor'],
        ['R&D RCA', 48 * 3_600_000, 'dev-noam-levi'],
      ],
    );
    for (const stage of stages) {
      const fields = await readIssue(stage.issueKey!, 'parent,duedate,assignee,issuetype');
      assert.equal(fields.parent?.key, incidentKey);
      assert.equal(fields.duedate, stage.dueAt.toISOString().slice(0, 10));
      assert.equal(fields.assignee?.accountId, stage.assignee);
      assert.equal(fields.issuetype?.name, 'Sub-task');
    }
    const again = await runIncidentWatch(h.context, deps);
    assert.deepEqual([again.resolved, again.rcaCreated, again.casesInformed], [[], [], 0], 'a second watch does nothing twice');
  });

  it('an overdue RCA stage notifies the incident manager and the service owner once', async () => {
    slack.messages.length = 0;
    smtp.mails.length = 0;
    const [incident] = await listTrackedIncidents(h.db.knex);
    clock.set(new Date(incident!.resolvedAt!.getTime() + 25 * 3_600_000));
    const reported = await runRcaOverdue(h.context, deps);
    assert.equal(reported.length, 1);
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), ['noam.levi@ride.example', 'sarah.oconnor@ride.example']);
    assert.match(slack.messages[0]!.text, new RegExp(`Overdue: Initial RCA of ${incidentKey}`));
    assert.deepEqual(await runRcaOverdue(h.context, deps), []);
  });

  it('closing with an open sub-task is moved back with a comment; closing after the last sub-task is done is allowed', async () => {
    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Closed' });
    const blocked = await runIncidentWatch(h.context, deps);
    assert.deepEqual(blocked.reverted, [incidentKey]);
    const issue = (await deps.issues!.getIssues([incidentKey]))[0]!;
    assert.equal(issue.status, 'Resolved');
    const comments = await deps.issues!.listComments(incidentKey);
    assert.match(comments.at(-1)!.body, /moved this incident back to Resolved: it cannot be closed while sub-tasks are open \(INC-\d+, INC-\d+\)/);

    const [incident] = await listTrackedIncidents(h.db.knex);
    const stages = await listRcaStages(h.db.knex, [incident!.id]);
    await h.actJira({ type: 'transition', issueKey: stages[0]!.issueKey!, toStatus: 'Done' });
    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Closed' });
    const stillBlocked = await runIncidentWatch(h.context, deps);
    assert.deepEqual(stillBlocked.reverted, [incidentKey], 'one sub-task is still open');
    const stillComments = await deps.issues!.listComments(incidentKey);
    assert.match(stillComments.at(-1)!.body, new RegExp(`sub-tasks are open \\(${stages[1]!.issueKey}\\)`));

    await h.actJira({ type: 'transition', issueKey: stages[1]!.issueKey!, toStatus: 'Done' });
    await h.actJira({ type: 'transition', issueKey: incidentKey, toStatus: 'Closed' });
    const allowed = await runIncidentWatch(h.context, deps);
    assert.deepEqual([allowed.reverted, allowed.closed], [[], [incidentKey]]);
    assert.equal((await deps.issues!.getIssues([incidentKey]))[0]!.status, 'Closed');
    const [closed] = await listTrackedIncidents(h.db.knex);
    assert.ok(closed!.closedAt);
    assert.deepEqual(
      (await listRcaStages(h.db.knex, [closed!.id])).map((s) => s.status),
      ['done', 'done'],
    );
  });

  it('a P1 case on another service opens its own SEV1 incident at once', async () => {
    const p1 = await createCase({ Subject: 'All card payments declined', Topic__c: 'payments_billing', Priority: 'P1' });
    await syncCases(h.context, [p1]);
    const payments = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'payments');
    assert.ok(payments?.issueKey);
    assert.equal(payments.severity, 'SEV1');
    assert.equal(payments.openedReason, 'priority');
    assert.equal(payments.linkedCaseCount, 1);
  });

  it('a case first seen long after it was created (history) does not join a current incident; a P1 one does', async () => {
    // The fake clock is a day ahead of the emulator's creation times: these cases look a day old.
    const old = await createCase({ Subject: 'Card declined yesterday', Topic__c: 'payments_billing' });
    const oldP1 = await createCase({ Subject: 'Card payments down', Topic__c: 'payments_billing', Priority: 'P1' });
    await syncCases(h.context, [old, oldP1]);
    const payments = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'payments')!;
    const members = (await listCasesOfIncident(h.db.knex, payments.id)).map((m) => m.caseId);
    assert.ok(members.includes(oldP1));
    assert.ok(!members.includes(old));
    assert.equal(members.length, 2);
  });

  it('a case seen before that an agent raises to P1 opens an incident then', async () => {
    const id = await createCase({ Subject: 'Surge prices wrong', Topic__c: 'dispatch_pricing' });
    await syncCases(h.context, [id]);
    assert.equal(
      (await listTrackedIncidents(h.db.knex)).some((i) => i.service === 'dispatch'),
      false,
    );
    await h.actSalesforce({ action: 'editCase', caseId: id, fields: { Priority: 'P1' } });
    await syncCases(h.context, [id]);
    const dispatch = (await listTrackedIncidents(h.db.knex)).find((i) => i.service === 'dispatch');
    assert.equal(dispatch?.severity, 'SEV1');
    assert.deepEqual(
      (await listCasesOfIncident(h.db.knex, dispatch!.id)).map((m) => m.caseId),
      [id],
    );
  });
});

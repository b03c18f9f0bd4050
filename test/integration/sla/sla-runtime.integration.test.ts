/**
 * SLA in the running system against the sandbox over HTTP: the extension records status history and
 * replies from the feed, writes SLA state and due time onto the case and the Jira issue only when
 * they change (no loop through SystemModstamp), and the scheduled scan detects at-risk and breach
 * with no event, alerting once per clock and state.
 */
import assert from 'node:assert/strict';
import { Connection } from 'jsforce';
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import type { Notifier, SlaAlert } from '../../../src/adapters/notify/types.js';
import { getHistory } from '../../../src/adapters/store/status-history.js';
import { getSlaResults } from '../../../src/adapters/store/sla-results.js';
import { loadConfigDir } from '../../../src/config/load.js';
import type { SlaConfig } from '../../../src/config/schemas/sla.js';
import { compileSla } from '../../../src/domain/sla/engine.js';
import { createSlaExtension } from '../../../src/engine/extensions/sla-extension.js';
import type { SlaExtension } from '../../../src/engine/extensions/sla-extension.js';
import { evaluateStoredTickets } from '../../../src/engine/sla/evaluate.js';
import * as slaScan from '../../../src/jobs/sla-scan.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { sandboxFieldId, sandboxSlaFields } from '../../helpers/jira-fields.js';

const SLA_STATUS = sandboxFieldId('SLA Status');

const MINUTE_MS = 60_000;

describe('SLA in the running system (sandbox)', function () {
  this.timeout(30_000);
  let h: SyncHarness;
  let extension: SlaExtension;
  let sf: Connection;
  const alerts: SlaAlert[] = [];
  let offsetMs = 0;
  /** Set to make every send fail the way an unreachable Slack does; `attempts` counts the tries. */
  let slackDown = false;
  let attempts = 0;
  const notifier: Notifier = {
    sendSlaAlert: async (alert) => {
      attempts++;
      if (slackDown) throw Object.assign(new Error('Slack webhook did not answer: fetch failed'), { code: 'SLACK_UNREACHABLE' });
      alerts.push(alert);
    },
    sendReport: async () => undefined,
  };
  const loaded = loadConfigDir('config', { only: ['sla'] });
  if (!loaded.ok) throw new Error('config/sla.yaml does not load');
  const sla = compileSla(loaded.config.sla as SlaConfig, createDateHolidaysProvider());
  const runtime = { sla, notifier, nowMs: () => Date.now() + offsetMs, jiraFields: sandboxSlaFields() };

  before(async () => {
    h = await givenSyncHarness('sla_runtime');
    extension = createSlaExtension(runtime);
    h.context.extensions = [...(h.context.extensions ?? []).filter((e) => e.name !== 'sla'), extension];
    sf = new Connection({ instanceUrl: h.running.url, accessToken: 'test-session', version: '62.0' });
  });
  after(async () => h?.close());

  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as Record<string, unknown>;
  // P1 Corporate runs on the 24x7 calendar: 15m first response, 4h resolution, whatever the day.
  const openP1 = async (subject: string) =>
    h.actSalesforce({
      action: 'createCase',
      fields: { Subject: subject, Status: 'Escalated', Priority: 'P1', Customer_Tier__c: 'Corporate', Region__c: 'GB', Topic__c: 'payments_billing', Escalate_to_Jira__c: true },
    });

  it('records the case, writes SLA onto the case and the issue, and a further pass writes nothing', async () => {
    const { id } = await openP1('Card charged twice');
    await h.settle();
    const record = await readCase(id);
    const createdMs = Date.parse(String(record.CreatedDate).replace(/(\d{2})(\d{2})$/, '$1:$2'));
    assert.equal(record.SLA_Status__c, 'running');
    assert.equal(Date.parse(String(record.SLA_Due__c).replace(/(\d{2})(\d{2})$/, '$1:$2')), Math.floor((createdMs + 15 * MINUTE_MS) / 1000) * 1000, 'first response due 15 minutes after creation');

    const history = (await getHistory(h.db.knex, [id])).get(id) ?? [];
    assert.deepEqual(
      history.map((e) => [e.type, e.value]),
      [['status', 'Escalated']],
    );
    const results = await getSlaResults(h.db.knex, [id]);
    assert.deepEqual(results.map((r) => [r.metric, r.state, r.policy]).sort(), [
      ['first_response', 'running', 'p1-corporate'],
      ['resolution', 'running', 'p1-corporate'],
    ]);

    const key = String(record.Jira_Key__c);
    assert.match(key, /^[A-Z]+-\d+$/);
    const issue = (await (await fetch(`${h.running.url}/rest/api/3/issue/${key}`, { headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` } })).json()) as {
      fields: Record<string, unknown>;
    };
    assert.equal(issue.fields[SLA_STATUS], 'running');
    assert.equal(issue.fields.duedate, new Date(createdMs + 15 * MINUTE_MS).toISOString().slice(0, 10));

    // The SLA write moved SystemModstamp and the issue's updated: both are casebridge's own, so no
    // pass runs for them, and a pass over the case anyway writes nothing again.
    const stamp = (await readCase(id)).SystemModstamp;
    assert.equal(await h.settle(), 0, 'the SLA writes cost no pass');
    await h.engine.enqueueCases([id]);
    await h.settle();
    assert.equal((await readCase(id)).SystemModstamp, stamp, 'no write loop through SystemModstamp');
    assert.equal(extension.lastOutcome()?.caseWrites ?? 0, 0);
  });

  it('a public agent reply meets first response; a pause status pauses resolution (no due time shown)', async () => {
    const { id } = await openP1('Receipt missing');
    await h.settle();
    await h.actSalesforce({ action: 'addComment', caseId: id, body: 'internal: checking the ledger', isPublished: false });
    await h.settle();
    assert.equal((await getSlaResults(h.db.knex, [id])).find((r) => r.metric === 'first_response')?.state, 'running', 'a private comment is not a reply');
    await h.actSalesforce({ action: 'addComment', caseId: id, body: 'We are on it', isPublished: true });
    await h.settle();
    const results = await getSlaResults(h.db.knex, [id]);
    assert.equal(results.find((r) => r.metric === 'first_response')?.state, 'met');
    await h.actSalesforce({ action: 'editCase', caseId: id, fields: { Status: 'Waiting on Customer' } });
    await h.settle();
    const record = await readCase(id);
    assert.equal(record.SLA_Status__c, 'paused');
    assert.equal(record.SLA_Due__c ?? null, null);
    const history = (await getHistory(h.db.knex, [id])).get(id) ?? [];
    assert.deepEqual(
      history.map((e) => [e.type, e.value]),
      [
        ['status', 'Escalated'],
        ['agentReply', null],
        ['status', 'Waiting on Customer'],
      ],
    );
  });

  it('the scan finds at-risk and breached clocks with no event, writes them back and alerts once per state', async () => {
    const { id } = await openP1('App crashes on payment');
    await h.settle();
    alerts.length = 0;
    offsetMs = 13 * MINUTE_MS; // 2 of 15 minutes left: under the 20% threshold
    const first = await slaScan.run({ ctx: h.context, runtime });
    assert.ok(first.evaluated >= 1);
    assert.equal((await readCase(id)).SLA_Status__c, 'at_risk');
    assert.deepEqual(
      alerts.filter((a) => a.caseId === id).map((a) => [a.metric, a.state]),
      [['first_response', 'at_risk']],
    );
    assert.equal(alerts.find((a) => a.caseId === id)?.routing.project, 'PAY');

    offsetMs = 16 * MINUTE_MS;
    await slaScan.run({ ctx: h.context, runtime });
    assert.equal((await readCase(id)).SLA_Status__c, 'breached');
    await slaScan.run({ ctx: h.context, runtime });
    await h.settle();
    assert.deepEqual(
      alerts.filter((a) => a.caseId === id).map((a) => [a.metric, a.state]),
      [
        ['first_response', 'at_risk'],
        ['first_response', 'breached'],
      ],
      'each state announced once',
    );
    const stored = (await getSlaResults(h.db.knex, [id])).find((r) => r.metric === 'first_response')!;
    assert.equal(stored.notifiedState, 'breached');

    // Promise 5: the stored figures come back from status_history alone.
    const again = await evaluateStoredTickets(h.db.knex, sla, [id], Date.now() + offsetMs);
    const clock = again.evaluations[0]!.result.metrics.find((m) => m.metric === 'first_response')!;
    assert.equal(clock.breachedAtMs, stored.breachedAt?.getTime());
    offsetMs = 0;
  });

  it('stops sending at the first failed alert (an outage costs one timeout, not one per alert) and sends the rest later', async () => {
    const opened = [];
    for (const subject of ['Refund missing', 'Invoice wrong', 'Card declined']) opened.push((await openP1(subject)).id);
    await h.settle();
    alerts.length = 0;
    attempts = 0;
    slackDown = true;
    offsetMs = 16 * MINUTE_MS; // first response breached on all three
    const down = await slaScan.run({ ctx: h.context, runtime });
    assert.equal(attempts, 1, 'one try while the channel is down');
    assert.ok(down.problems >= 2, 'the failure and the postponed alerts are reported');
    slackDown = false;
    offsetMs = 22 * MINUTE_MS; // past the scan's lease on those tickets
    await slaScan.run({ ctx: h.context, runtime });
    await h.settle();
    const breached = (id: string) => alerts.some((a) => a.caseId === id && a.metric === 'first_response' && a.state === 'breached');
    assert.deepEqual(
      opened.filter((id) => !breached(id)),
      [],
      'every postponed alert went out once the channel answered',
    );
    offsetMs = 0;
  });

  it('a scan with nothing due reads no ticket', async () => {
    offsetMs = 0;
    const outcome = await slaScan.run({ ctx: h.context, runtime });
    assert.equal(outcome.evaluated, 0);
  });
});

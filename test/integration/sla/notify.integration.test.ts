/** Alerts and reports reach a Slack webhook and an SMTP server on loopback, checked by content. */
import assert from 'node:assert/strict';
import { createEmailSender, createNotifier, createSlackWebhook } from '../../../src/adapters/notify/index.js';
import type { SlaAlert } from '../../../src/adapters/notify/index.js';
import { ApiError } from '../../../src/errors.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver, SmtpReceiver } from '../../helpers/notify-receivers.js';

function givenAlert(partial: Partial<SlaAlert> = {}): SlaAlert {
  return {
    caseId: '500000000000001AAA',
    caseNumber: '00001042',
    metric: 'first_response',
    state: 'breached',
    dueAtMs: Date.parse('2026-11-26T10:15:00Z'),
    breachedAtMs: Date.parse('2026-11-26T10:15:00Z'),
    priority: 'P1',
    tier: 'Corporate',
    region: 'GB',
    topic: 'payments_billing',
    policy: 'p1-corporate',
    routing: { project: 'PAY', rule: 'payments' },
    issueKey: 'PAY-7',
    ...partial,
  };
}

describe('notifications over loopback (Slack webhook, SMTP)', function () {
  this.timeout(15_000);
  let slack: SlackReceiver;
  let smtp: SmtpReceiver;
  before(async () => {
    slack = await givenSlackReceiver();
    smtp = await givenSmtpReceiver();
  });
  after(async () => {
    await slack?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    slack.messages.length = 0;
    smtp.mails.length = 0;
    slack.respondWith(200);
  });

  const notifierWith = (recipients: { slack?: boolean; emailTo?: string[]; emailByProject?: Record<string, string[]> }) =>
    createNotifier({
      slack: createSlackWebhook(slack.url),
      email: createEmailSender(smtp.url, 'casebridge@example.org'),
      recipients: { slack: recipients.slack ?? true, emailTo: recipients.emailTo ?? [], emailByProject: recipients.emailByProject ?? {} },
    });

  it('a breach alert goes to Slack and to the routing project’s e-mail list', async () => {
    await notifierWith({ emailTo: ['leads@example.org'], emailByProject: { PAY: ['payments@example.org'] } }).sendSlaAlert(givenAlert());
    assert.equal(slack.messages.length, 1);
    assert.match(slack.messages[0]!.text, /SLA breached\] case 00001042 first response \(P1\)/);
    assert.match(slack.messages[0]!.text, /Breached at 2026-11-26T10:15:00\.000Z/);
    assert.match(slack.messages[0]!.text, /Routing: PAY \(rule payments\); Jira PAY-7/);
    assert.equal(smtp.mails.length, 1);
    assert.deepEqual(smtp.mails[0]!.to, ['payments@example.org']);
    assert.equal(smtp.mails[0]!.from, 'casebridge@example.org');
    assert.match(smtp.mails[0]!.raw, /Subject: \[SLA breached\] case 00001042 first response/);
  });

  it('an at-risk alert for a project without its own list goes to the default list; slack off is respected', async () => {
    await notifierWith({ slack: false, emailTo: ['leads@example.org'], emailByProject: { PAY: ['payments@example.org'] } }).sendSlaAlert(
      givenAlert({ state: 'at_risk', routing: { project: 'DRV', rule: 'driver-app' }, breachedAtMs: null }),
    );
    assert.equal(slack.messages.length, 0);
    assert.deepEqual(
      smtp.mails.map((m) => m.to),
      [['leads@example.org']],
    );
    assert.match(smtp.mails[0]!.raw, /Due at 2026-11-26T10:15:00\.000Z/);
  });

  it('a report goes out with its attachment', async () => {
    await notifierWith({}).sendReport({
      schedule: 'daily',
      title: 'Daily breaches',
      summary: '3 breaches',
      attachments: [{ fileName: 'daily.csv', contentType: 'text/csv', content: 'ticket_id\r\nA\r\n' }],
      emailTo: ['leads@example.org'],
      slack: true,
    });
    assert.match(slack.messages[0]!.text, /Daily breaches\*\n3 breaches/);
    assert.match(smtp.mails[0]!.raw, /filename=daily\.csv/);
  });

  it('a refused webhook call is an ApiError (5xx transient)', async () => {
    slack.respondWith(503);
    await assert.rejects(createSlackWebhook(slack.url).postText('x'), (error: unknown) => error instanceof ApiError && error.system === 'slack' && error.status === 503 && error.transient);
    slack.respondWith(400);
    await assert.rejects(createSlackWebhook(slack.url).postText('x'), (error: unknown) => error instanceof ApiError && !error.transient);
  });
});

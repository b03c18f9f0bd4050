/**
 * Notify-only alerts: a warning tells the service owner once, not before quiet hours end
 * (22:00-07:00 Asia/Jerusalem in the demo alerts.yaml), and a re-send changes nothing. No incident.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContactNotifier } from '../../../src/adapters/notify/contact-notifier.js';
import { createSlackWebhook } from '../../../src/adapters/notify/slack.js';
import { listAlerts } from '../../../src/adapters/store/incident-alerts.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { parseAlertPayload } from '../../../src/domain/alerts/parsers.js';
import { recordIncomingAlerts } from '../../../src/engine/incidents/alert-intake.js';
import { processPendingAlerts } from '../../../src/engine/incidents/alert-process.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { createLogger } from '../../../src/logging.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { givenSlackReceiver } from '../../helpers/notify-receivers.js';
import type { SlackReceiver } from '../../helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentsConfig, givenOwnersConfig } from '../incidents/given-incidents.js';
import { givenAlertsConfig } from './given-alert-apps.js';

describe('alerts: notify-only alerts and quiet hours', function () {
  this.timeout(120_000);
  let db: Database;
  let slack: SlackReceiver;
  before(async () => {
    db = await givenMigratedDatabase('alerts_notify');
    slack = await givenSlackReceiver();
  });
  after(async () => {
    await dropTestDatabase(db);
    await slack?.close();
  });

  it('a warning at 23:30 in Tel Aviv waits until 07:00, then tells the owner once; a re-send changes nothing', async () => {
    const clock = givenFakeClock(new Date('2026-12-02T21:30:00Z'));
    const owners = givenOwnersConfig();
    const alerts = givenAlertsConfig();
    // Jira is never needed for a notify-only alert: the context has none.
    const ctx = { db: db.knex, logger: createLogger({ level: 'silent' }), workflows: new Map() } as unknown as EngineContext;
    const incidents = { config: givenIncidentsConfig(), owners, notifier: createContactNotifier({ slack: createSlackWebhook(slack.url) }), now: () => clock.now() } as IncidentDeps;
    const deps = { alerts, incidents };
    const body = JSON.parse(readFileSync('test/fixtures/alerts/grafana-firing.json', 'utf8')) as { alerts: Array<{ labels: Record<string, string>; fingerprint: string }> };
    body.alerts[0]!.labels = { alertname: 'Matcher latency creeping up', service: 'dispatch', severity: 'warning' };
    body.alerts[0]!.fingerprint = 'dispatch-latency';
    const deliver = async () => {
      const parsed = parseAlertPayload('grafana', body);
      assert.ok(parsed.ok);
      return recordIncomingAlerts(db.knex, { alerts, owners }, parsed.alerts, clock.now());
    };

    assert.equal((await deliver()).recorded[0]!.outcome, 'new');
    assert.deepEqual((await processPendingAlerts(ctx, deps)).held, [1]);
    assert.equal(slack.messages.length, 0, 'quiet hours: nobody woken');
    clock.set(new Date('2026-12-03T03:00:00Z'));
    assert.deepEqual(await processPendingAlerts(ctx, deps), { opened: [], joined: [], ownersNotified: [], held: [], resolutionsRecorded: [] }, 'still held at 05:00 local');
    clock.set(new Date('2026-12-03T05:01:00Z'));
    assert.deepEqual((await processPendingAlerts(ctx, deps)).ownersNotified, [1]);
    assert.equal(slack.messages.length, 1);
    assert.match(slack.messages[0]!.text, /^@priya\.shah \*\[SEV3\] grafana alert on dispatch: Matcher latency creeping up\*/);
    assert.equal((await deliver()).recorded[0]!.outcome, 'repeat');
    await processPendingAlerts(ctx, deps);
    assert.equal(slack.messages.length, 1, 'told once');
    const [row] = await listAlerts(db.knex);
    assert.deepEqual([row!.action, row!.incidentId, row!.deliveries], ['notify', null, 2]);
    assert.equal(Number(((await db.knex('incidents').count({ n: '*' }).first()) as { n: string }).n), 0);
  });
});

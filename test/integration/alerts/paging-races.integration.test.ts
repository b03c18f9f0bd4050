/**
 * Two replicas bringing PagerDuty in step at the same moment send each event once: both reach the
 * send together (a barrier holds the first until the second arrives, or 300 ms pass), so without
 * the claims in incident_pages both would send. A failed send gives its claim back.
 */
import assert from 'node:assert/strict';
import { openIncidentOnce, updateIncident } from '../../../src/adapters/store/incidents.js';
import { advanceEscalation, claimResolution, stopEscalation } from '../../../src/adapters/store/incident-tracking.js';
import { listPages } from '../../../src/adapters/store/incident-pages.js';
import { PagerDutyError } from '../../../src/adapters/notify/pagerduty.js';
import type { PagerDutyEvent, PagerDutyEvents } from '../../../src/adapters/notify/pagerduty.js';
import { createPagerDutyPager } from '../../../src/engine/incidents/alert-paging.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IncidentDeps } from '../../../src/engine/incidents/deps.js';
import { createLogger } from '../../../src/logging.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

/**
 * Events that wait at a barrier: each send waits until `parties` sends arrived, or until `hold`
 * settles when set, else 300 ms. A send let go alone leaves the barrier, so it cannot count towards
 * a later one.
 */
function givenBarrierEvents(parties: number): PagerDutyEvents & { sent: PagerDutyEvent[]; failNext: number; hold?: Promise<void> } {
  let waiting: Array<() => void> = [];
  const events = {
    sent: [] as PagerDutyEvent[],
    failNext: 0,
    hold: undefined as Promise<void> | undefined,
    async send(event: PagerDutyEvent) {
      await new Promise<void>((resolve) => {
        const release = (): void => {
          waiting = waiting.filter((r) => r !== release);
          resolve();
        };
        waiting.push(release);
        if (waiting.length >= parties) waiting.forEach((r) => r());
        else if (events.hold) void events.hold.then(release);
        else setTimeout(release, 300);
      });
      if (events.failNext > 0) {
        events.failNext -= 1;
        throw new PagerDutyError({ code: 'PAGERDUTY_THROTTLED', message: 'HTTP 429', status: 429, transient: true });
      }
      events.sent.push(event);
      return { dedupKey: event.dedupKey };
    },
  };
  return events;
}

describe('paging: two replicas at once send each PagerDuty event once', function () {
  this.timeout(120_000);
  let db: Database;
  before(async () => {
    db = await givenMigratedDatabase('paging_races');
  });
  after(async () => dropTestDatabase(db));

  it('trigger and resolve once each; a refused acknowledge is sent again at the next walk', async () => {
    const opened = await openIncidentOnce(db.knex, { service: 'payments', severity: 'SEV1', status: 'Open', startedAt: new Date() });
    await updateIncident(db.knex, opened.incident.id, { issueKey: 'INC-1' });
    await advanceEscalation(db.knex, opened.incident.id, -1, 0, new Date());
    const events = givenBarrierEvents(2);
    const ctx = { db: db.knex, logger: createLogger({ level: 'silent' }), issues: { browseUrl: (key: string) => `https://jira.example/browse/${key}` } } as unknown as EngineContext;
    const deps = {} as IncidentDeps;
    const pager = () => createPagerDutyPager({ events, routingKeys: { payments: { envName: 'PD_PAYMENTS', key: 'k'.repeat(32) } } });
    const [one, two] = [pager(), pager()];

    await Promise.all([one.syncPages(ctx, deps), two.syncPages(ctx, deps)]);
    assert.deepEqual(
      events.sent.map((e) => [e.action, e.dedupKey]),
      [['trigger', 'INC-1']],
    );

    await stopEscalation(db.knex, opened.incident.id, 'acknowledged', new Date());
    events.failNext = 1;
    // The refused send waits until the other replica's walk is over (on a busy machine a fixed wait
    // could end first, and the claim given back would let that walk send the acknowledge at once).
    let oneWalkOver = (): void => {};
    events.hold = new Promise<void>((resolve) => (oneWalkOver = resolve));
    await Promise.all([one.syncPages(ctx, deps).then(oneWalkOver), two.syncPages(ctx, deps).then(oneWalkOver)]);
    events.hold = undefined;
    assert.equal(events.sent.length, 1, 'the acknowledge was refused (429)');
    assert.match((await listPages(db.knex))[0]!.lastError ?? '', /429/);
    await one.syncPages(ctx, deps);
    assert.deepEqual(
      events.sent.map((e) => e.action),
      ['trigger', 'acknowledge'],
    );

    await claimResolution(db.knex, opened.incident.id, new Date(), 'Resolved');
    await Promise.all([one.syncPages(ctx, deps), two.syncPages(ctx, deps)]);
    await Promise.all([one.syncPages(ctx, deps), two.syncPages(ctx, deps)]);
    assert.deepEqual(
      events.sent.map((e) => e.action),
      ['trigger', 'acknowledge', 'resolve'],
    );
  });
});

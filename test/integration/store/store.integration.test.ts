import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { listPendingMigrations, migrateDownOne, migrateLatest } from '../../../src/adapters/store/database.js';
import * as links from '../../../src/adapters/store/links.js';
import * as snapshots from '../../../src/adapters/store/snapshots.js';
import * as cursors from '../../../src/adapters/store/cursors.js';
import * as tickets from '../../../src/adapters/store/tickets.js';
import * as history from '../../../src/adapters/store/status-history.js';
import * as incidents from '../../../src/adapters/store/incidents.js';
import * as deadLetters from '../../../src/adapters/store/dead-letters.js';
import * as reportRuns from '../../../src/adapters/store/report-runs.js';
import * as audit from '../../../src/adapters/store/audit-log.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { MIGRATIONS } from '../../../migrations/index.js';

describe('store modules (PostgreSQL when DATABASE_URL is set, PGlite otherwise)', () => {
  let db: Database;
  before(async () => {
    db = await givenMigratedDatabase('store');
  });
  after(() => dropTestDatabase(db));

  it('runs down one step and up again', async () => {
    const newest = MIGRATIONS.at(-1)!.name;
    assert.deepEqual(await listPendingMigrations(db.knex), []);
    assert.deepEqual(await migrateDownOne(db.knex), [newest]);
    assert.deepEqual(await listPendingMigrations(db.knex), [newest]);
    assert.deepEqual(await migrateLatest(db.knex), [newest]);
  });

  it('allows one live create intent per case, and many cases per issue', async () => {
    const first = await links.insertCreateIntent(db.knex, '500A');
    const second = await links.insertCreateIntent(db.knex, '500A');
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.link.id, first.link.id);
    await links.markLinked(db.knex, first.link.id, { key: 'DRV-1', id: '10001' });
    await links.insertLinked(db.knex, '500B', { key: 'DRV-1', id: '10001' });
    assert.deepEqual(
      (await links.listLinksForIssue(db.knex, 'DRV-1')).map((l) => l.caseId),
      ['500A', '500B'],
    );
    await links.markUnlinked(db.knex, first.link.id);
    assert.equal((await links.insertCreateIntent(db.knex, '500A')).created, true, 'an unlinked link frees the case');
  });

  it('keeps concurrent create intents to one even under a race', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => links.insertCreateIntent(db.knex, '500RACE')));
    assert.equal(results.filter((r) => r.created).length, 1);
  });

  it('round-trips snapshot values of every JSON type', async () => {
    const values = ['text with "quotes" \\ and עברית', 42, true, null, ['a', 'b'], { nested: 1 }];
    await snapshots.upsertSnapshots(
      db.knex,
      values.map((value, i) => ({ system: 'salesforce' as const, objectId: '500S', field: `f${i}`, value, sourceUpdatedAt: new Date('2026-01-01T00:00:00.123Z'), writtenByUs: i % 2 === 0 })),
    );
    const stored = (await snapshots.getSnapshots(db.knex, 'salesforce', ['500S'])).get('500S')!;
    values.forEach((value, i) => assert.deepEqual(stored.get(`f${i}`)!.value, value));
    assert.equal(stored.get('f0')!.sourceUpdatedAt!.toISOString(), '2026-01-01T00:00:00.123Z');
  });

  it('moves cursors only forward', async () => {
    assert.equal(await cursors.advanceCursor(db.knex, 'sf', '2026-01-02T00:00:00.000Z'), '2026-01-02T00:00:00.000Z');
    assert.equal(await cursors.advanceCursor(db.knex, 'sf', '2026-01-01T00:00:00.000Z'), '2026-01-02T00:00:00.000Z');
    assert.equal(await cursors.getCursor(db.knex, 'sf'), '2026-01-02T00:00:00.000Z');
  });

  it('stores each status event once, agent replies included', async () => {
    await tickets.upsertTickets(db.knex, [
      { caseId: '500H', caseNumber: '00001001', createdAt: new Date('2026-03-01T08:00:00Z'), priority: 'P2', tier: 'Corporate', region: 'GB', topic: 'payments_billing', status: 'New' },
    ]);
    const events = [
      { caseId: '500H', at: new Date('2026-03-01T09:00:00Z'), type: 'agentReply' as const, value: null },
      { caseId: '500H', at: new Date('2026-03-01T10:00:00Z'), type: 'status' as const, value: 'Waiting on Customer' },
    ];
    assert.equal(await history.appendHistory(db.knex, events), 2);
    assert.equal(await history.appendHistory(db.knex, events), 0);
    const stored = (await history.getHistory(db.knex, ['500H'])).get('500H')!;
    assert.deepEqual(stored, events);
  });

  it('opens one incident per service even when opened concurrently', async () => {
    const opened = await Promise.all(Array.from({ length: 5 }, () => incidents.openIncidentOnce(db.knex, { service: 'driver-app', severity: 'SEV2', status: 'Open', startedAt: new Date() })));
    assert.equal(opened.filter((o) => o.opened).length, 1);
    const id = opened[0]!.incident.id;
    await incidents.updateIncident(db.knex, id, { resolvedAt: new Date(), status: 'Resolved' });
    assert.equal((await incidents.openIncidentOnce(db.knex, { service: 'driver-app', severity: 'SEV3', status: 'Open', startedAt: new Date() })).opened, true);
  });

  it('claims a report slot once across racing schedulers', async () => {
    const slot = new Date('2026-11-26T10:00:00Z');
    const claims = await Promise.all(Array.from({ length: 6 }, () => reportRuns.claimSlot(db.knex, 'hourly-desk', slot)));
    assert.equal(claims.filter(Boolean).length, 1);
    assert.equal((await reportRuns.getLastSlot(db.knex, 'hourly-desk'))!.toISOString(), slot.toISOString());
  });

  it('keeps dead letters until retried, and retries each once', async () => {
    const id = await deadLetters.addDeadLetter(db.knex, { queue: 'to-jira', jobId: 'j1', payload: { caseId: '500D' }, errorCode: 'JIRA_400', errorMessage: 'bad', attempts: 8 });
    assert.deepEqual(
      (await deadLetters.listDeadLetters(db.knex)).map((d) => d.id),
      [id],
    );
    assert.equal((await deadLetters.claimForRetry(db.knex, 'all')).length, 1);
    assert.equal((await deadLetters.claimForRetry(db.knex, [id])).length, 0);
    assert.deepEqual(await deadLetters.listDeadLetters(db.knex), []);
  });

  it('records audit entries with before and after', async () => {
    await audit.appendAudit(db.knex, [{ system: 'jira', objectType: 'issue', objectId: 'DRV-9', action: 'update', before: { summary: 'a' }, after: { summary: 'b' }, correlationId: 'c1' }]);
    const [entry] = await audit.listAudit(db.knex, { objectId: 'DRV-9' });
    assert.deepEqual(entry!.before, { summary: 'a' });
    assert.deepEqual(entry!.after, { summary: 'b' });
  });
});

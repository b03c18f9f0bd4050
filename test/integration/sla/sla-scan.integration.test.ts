/**
 * The SLA scan against a database with stub systems: it only evaluates tickets whose next check is
 * due, and two scans running at once split the due tickets (each evaluated and written once).
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { appendHistory } from '../../../src/adapters/store/status-history.js';
import { getSlaResults } from '../../../src/adapters/store/sla-results.js';
import { upsertTickets } from '../../../src/adapters/store/tickets.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { CaseSystem, IssueSystem } from '../../../src/engine/ports.js';
import { evaluateStoredTickets } from '../../../src/engine/sla/evaluate.js';
import * as slaScan from '../../../src/jobs/sla-scan.js';
import { createLogger } from '../../../src/logging.js';
import { givenSla } from '../../unit/sla/given.js';
import { givenSyncConfig } from '../../unit/sync/given.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { sandboxSlaFields } from '../../helpers/jira-fields.js';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MINUTE_MS = 60_000;

describe('SLA scan (database, two scans at once)', function () {
  this.timeout(30_000);
  let db: Database;
  const caseWrites: string[] = [];
  const sla = givenSla({ calendar: 'always', firstResponse: '30m', resolution: '4h' });

  const givenContext = (): EngineContext => ({
    db: db.knex,
    config: givenSyncConfig(),
    cases: {
      updateCases: async (updates) => {
        caseWrites.push(...updates.map((u) => u.id));
        return updates.map((u) => ({ ok: true as const, value: { id: u.id } }));
      },
    } as Partial<CaseSystem> as CaseSystem,
    issues: {} as IssueSystem,
    logger: createLogger({ level: 'silent' }),
    intentLeaseMs: 60_000,
    retry: {},
    workflows: new Map(),
  });

  before(async () => {
    db = await givenMigratedDatabase('sla_scan');
    const ids = Array.from({ length: 60 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    await upsertTickets(
      db.knex,
      ids.map((caseId, i) => ({ caseId, caseNumber: caseId, createdAt: new Date(T0 + i * MINUTE_MS), priority: 'P2', tier: 'Private', region: 'GB', topic: null, status: 'New' })),
    );
    await appendHistory(
      db.knex,
      ids.map((caseId, i) => ({ caseId, at: new Date(T0 + i * MINUTE_MS), type: 'status' as const, value: 'New' })),
    );
    // As the pass would have left them: evaluated at creation, next check stored.
    for (const [i, id] of ids.entries()) await evaluateStoredTickets(db.knex, sla, [id], T0 + i * MINUTE_MS);
  });
  after(async () => dropTestDatabase(db));

  it('evaluates nothing before the earliest next check', async () => {
    const outcome = await slaScan.run({ ctx: givenContext(), runtime: { sla, nowMs: () => T0 + MINUTE_MS, jiraFields: sandboxSlaFields() } });
    assert.equal(outcome.evaluated, 0);
  });

  it('two concurrent scans split the due tickets: each evaluated and written once', async () => {
    caseWrites.length = 0;
    // 35 minutes after T0: tickets created in the first 4 minutes have breached first response; the
    // ones created in minutes 5..10 are at risk (under 20% of 30m left); minute 5 is due exactly now
    // and minute 11 turns at risk exactly now (both boundaries are due, neither is re-checked in a loop).
    const runtime = { sla, nowMs: () => T0 + 35 * MINUTE_MS, jiraFields: sandboxSlaFields() };
    const [a, b] = await Promise.all([slaScan.run({ ctx: givenContext(), runtime, batchSize: 3 }), slaScan.run({ ctx: givenContext(), runtime, batchSize: 3 })]);
    assert.equal(a.evaluated + b.evaluated, 12, 'tickets 0..11 had a state change due');
    assert.equal(new Set(caseWrites).size, caseWrites.length, 'no case written twice');
    assert.equal(caseWrites.length, 12);
    const results = await getSlaResults(db.knex, ['C004', 'C005', 'C010', 'C011']);
    const stateOf = (id: string) => results.find((r) => r.caseId === id && r.metric === 'first_response')?.state;
    assert.deepEqual(['C004', 'C005', 'C010', 'C011'].map(stateOf), ['breached', 'at_risk', 'at_risk', 'running']);
    const again = await slaScan.run({ ctx: givenContext(), runtime });
    assert.equal(again.evaluated, 0, 'nothing is due again at the same instant');
  });
});

/** `owners who` and `incidents list` run as the command a person types, on a PGlite data dir. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, migrateLatest } from '../../../src/adapters/store/database.js';
import { openIncidentOnce, updateIncident } from '../../../src/adapters/store/incidents.js';
import { insertSeenCases, linkUnlinkedCaseIds } from '../../../src/adapters/store/incident-cases.js';
import { claimRcaStages, updateRcaStage } from '../../../src/adapters/store/rca-stages.js';
import { markIncidentClosed } from '../../../src/adapters/store/incident-tracking.js';
import { runCli } from '../../helpers/cli.js';

describe('incident CLI commands', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-incidents-cli-'));
  const env = { CASEBRIDGE_DATA_DIR: dataDir, CASEBRIDGE_CONFIG_DIR: 'config', LOG_LEVEL: 'error' };

  before(async () => {
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      await migrateLatest(db.knex);
      const now = Date.now();
      const { incident: open } = await openIncidentOnce(db.knex, { service: 'payments', severity: 'SEV1', status: 'Investigating', startedAt: new Date(now - 3_600_000) });
      await updateIncident(db.knex, open.id, { issueKey: 'INC-7', linkedCaseCount: 2 });
      await insertSeenCases(
        db.knex,
        ['500A', '500B'].map((caseId) => ({ caseId, service: 'payments', caseCreatedAt: new Date(now), accountId: null, tier: null })),
      );
      await linkUnlinkedCaseIds(db.knex, ['500A', '500B'], open.id);
      const { incident: done } = await openIncidentOnce(db.knex, { service: 'auth', severity: 'SEV2', status: 'Closed', startedAt: new Date(now - 7_200_000) });
      await updateIncident(db.knex, done.id, { issueKey: 'INC-3', resolvedAt: new Date(now - 50 * 3_600_000) });
      await markIncidentClosed(db.knex, done.id, new Date(now));
      const stages = await claimRcaStages(db.knex, done.id, [
        { stage: 'Initial RCA', assignee: 'im-sarah-oconnor', dueAt: new Date(now - 26 * 3_600_000) },
        { stage: 'R&D RCA', assignee: 'dev-ivan-petrov', dueAt: new Date(now - 3_600_000) },
      ]);
      await updateRcaStage(db.knex, stages[0]!.id, { issueKey: 'INC-4', status: 'done' });
    } finally {
      await db.close();
    }
  });

  it('owners who TOPIC answers with the service, owner and the chain with cumulative times', async () => {
    const run = await runCli(['owners', 'who', 'payments_billing'], env);
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout);
    assert.equal(answer.service, 'payments');
    assert.equal(answer.matchedBy, 'topic');
    assert.equal(answer.owner.jiraAccountId, 'dev-ivan-petrov');
    assert.deepEqual(
      answer.chain.map((s: { id: string; notifiedAfterMinutes: number }) => [s.id, s.notifiedAfterMinutes]),
      [
        ['payments-oncall', 0],
        ['ivan-petrov', 5],
        ['anna-kuznetsova', 15],
      ],
    );
  });

  it('owners who with an unknown name fails with the list of services', async () => {
    const run = await runCli(['owners', 'who', 'billing'], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /"billing" is neither a service nor a topic .*payments/);
  });

  it('incidents list --open --format json shows only the open incident with its linked-case count', async () => {
    const run = await runCli(['incidents', 'list', '--open', '--format', 'json'], env);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout);
    assert.deepEqual(
      rows.map((r: { key: string; linkedCases: number; escalation: string }) => [r.key, r.linkedCases, r.escalation]),
      [['INC-7', 2, 'not started']],
    );
  });

  it('incidents list --format table shows RCA stages with status and due time, overdue marked', async () => {
    const run = await runCli(['incidents', 'list', '--format', 'table'], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /^KEY\s+SERVICE\s+SEV\s+STATUS\s+CASES\s+CORP\s+STARTED\s+ESCALATION\s+RCA$/);
    const inc3 = lines.find((l) => l.startsWith('INC-3'))!;
    assert.match(inc3, /Initial RCA: done \(due .*\); R&D RCA: overdue \(due /);
    assert.equal(lines.length, 3);
    const bad = await runCli(['incidents', 'list', '--format', 'xml'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--format must be table or json/);
  });
});

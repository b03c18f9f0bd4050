/**
 * `casebridge incidents report` run as a person types it, over seeded incidents on a PGlite data dir:
 * the same figures in HTML, CSV and JSON (medians and p90 per service and severity, the weekly trend,
 * RCA compliance), incidents named by Jira key, no record ids; bad windows refused with the format.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase, migrateLatest } from '../../../src/adapters/store/database.js';
import { openIncidentOnce, updateIncident } from '../../../src/adapters/store/incidents.js';
import { insertSeenCases, linkUnlinkedCaseIds } from '../../../src/adapters/store/incident-cases.js';
import { claimRcaStages } from '../../../src/adapters/store/rca-stages.js';
import { checkReportOptions } from '../../../src/cli/incidents-report.js';
import { runCli } from '../../helpers/cli.js';

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

async function givenIncident(
  db: Knex,
  seed: { key: string; service: string; severity: string; openedAt: string; acknowledgedAt?: string; mitigatedAt?: string; resolvedAt?: string; firstCaseAt?: string; actions?: string[] },
): Promise<number> {
  const { incident } = await openIncidentOnce(db, { service: seed.service, severity: seed.severity, status: seed.resolvedAt ? 'Resolved' : 'Investigating', startedAt: at(seed.openedAt) });
  await updateIncident(db, incident.id, { issueKey: seed.key, ...(seed.resolvedAt ? { resolvedAt: at(seed.resolvedAt) } : {}) });
  await db('incidents')
    .where({ id: incident.id })
    .update({
      created_at: at(seed.openedAt),
      acknowledged_at: seed.acknowledgedAt ? at(seed.acknowledgedAt) : null,
      mitigated_at: seed.mitigatedAt ? at(seed.mitigatedAt) : null,
      open_action_subtasks: JSON.stringify(seed.actions ?? []),
    });
  if (seed.firstCaseAt) {
    const caseId = `500${seed.key.replace('-', '')}AAAAAAA`.slice(0, 18);
    await insertSeenCases(db, [{ caseId, service: seed.service, caseCreatedAt: at(seed.firstCaseAt), accountId: null, tier: null }]);
    await linkUnlinkedCaseIds(db, [caseId], incident.id);
  }
  return incident.id;
}

describe('incidents report CLI', function () {
  this.timeout(90_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casebridge-incidents-report-'));
  const env = { CASEBRIDGE_DATA_DIR: dataDir, CASEBRIDGE_CONFIG_DIR: 'config', LOG_LEVEL: 'error' };
  const window = ['--from', '2026-11-01', '--to', '2026-12-01T00:00:00Z'];

  before(async () => {
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      await migrateLatest(db.knex);
      // Detect 8 min, acknowledge 5, mitigate 40, resolve 1 h 30; Initial RCA on time, R&D RCA late, an action item open.
      const first = await givenIncident(db.knex, {
        key: 'INC-101',
        service: 'payments',
        severity: 'SEV1',
        openedAt: '2026-11-10T08:00:00Z',
        firstCaseAt: '2026-11-10T07:52:00Z',
        acknowledgedAt: '2026-11-10T08:05:00Z',
        mitigatedAt: '2026-11-10T08:40:00Z',
        resolvedAt: '2026-11-10T09:30:00Z',
        actions: ['INC-150'],
      });
      const stages = await claimRcaStages(db.knex, first, [
        { stage: 'Initial RCA', assignee: null, dueAt: new Date(at('2026-11-10T09:30:00Z').getTime() + 24 * HOUR) },
        { stage: 'R&D RCA', assignee: null, dueAt: new Date(at('2026-11-10T09:30:00Z').getTime() + 48 * HOUR) },
      ]);
      await db
        .knex('rca_stages')
        .where({ id: stages[0]!.id })
        .update({ issue_key: 'INC-148', status: 'done', done_at: at('2026-11-11T05:30:00Z') });
      await db
        .knex('rca_stages')
        .where({ id: stages[1]!.id })
        .update({ issue_key: 'INC-149', status: 'done', done_at: at('2026-11-12T11:30:00Z') });
      // Detected by an alert 3 min before; acknowledged in PagerDuty after 10 min; resolved after 2 h; no RCA written.
      const second = await givenIncident(db.knex, { key: 'INC-102', service: 'payments', severity: 'SEV1', openedAt: '2026-11-12T10:00:00Z', resolvedAt: '2026-11-12T12:00:00Z' });
      await db.knex('incident_alerts').insert({
        source: 'grafana',
        fingerprint: 'f-1',
        service: 'payments',
        region: 'GB',
        severity: 'SEV1',
        action: 'incident',
        title: 'Card API errors',
        incident_id: second,
        first_fired_at: at('2026-11-12T09:57:00Z'),
        last_seen_at: at('2026-11-12T10:30:00Z'),
      });
      await db
        .knex('incident_pages')
        .insert({ incident_id: second, service: 'payments', dedup_key: 'INC-102', routing_key_env: 'PAGERDUTY_ROUTING_KEY_PAYMENTS', acknowledged_at: at('2026-11-12T10:10:00Z') });
      await givenIncident(db.knex, { key: 'INC-103', service: 'auth', severity: 'SEV2', openedAt: '2026-11-20T14:00:00Z', acknowledgedAt: '2026-11-20T14:30:00Z' });
      await givenIncident(db.knex, { key: 'INC-90', service: 'dispatch', severity: 'SEV3', openedAt: '2026-10-01T10:00:00Z', resolvedAt: '2026-10-01T11:00:00Z' });
    } finally {
      await db.close();
    }
  });

  it('JSON: medians and p90 per service and severity, weekly trend, RCA compliance', async () => {
    const run = await runCli(['incidents', 'report', ...window, '--format', 'json'], env);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.totals, { incidents: 3, resolved: 2, global: 0, rcaJudged: 2, rcaCompliant: 0 });
    const payments = report.groups.find((g: { service: string }) => g.service === 'payments');
    assert.deepEqual([payments.severity, payments.incidents, payments.resolved], ['SEV1', 2, 2]);
    // detect 8 and 3 min; acknowledge 5 and 10; mitigate 40 and (none seen: the resolution) 120; resolve 90 and 120.
    assert.deepEqual(payments.durations.detect, { count: 2, medianMinutes: 5.5, p90Minutes: 7.5 });
    assert.deepEqual(payments.durations.acknowledge, { count: 2, medianMinutes: 7.5, p90Minutes: 9.5 });
    assert.deepEqual(payments.durations.mitigate, { count: 2, medianMinutes: 80, p90Minutes: 112 });
    assert.deepEqual(payments.durations.resolve, { count: 2, medianMinutes: 105, p90Minutes: 117 });
    assert.equal(report.trend.bucket, 'week');
    assert.deepEqual(
      report.trend.points.map((p: { start: string; opened: number }) => [p.start.slice(0, 10), p.opened]),
      [
        ['2026-10-26', 0],
        ['2026-11-02', 0],
        ['2026-11-09', 2],
        ['2026-11-16', 1],
        ['2026-11-23', 0],
        ['2026-11-30', 0],
      ],
    );
    assert.deepEqual(
      report.rca.map((r: { incident: string; stages: Array<{ compliance: string }>; openActionSubtasks: string[] }) => [r.incident, r.stages.map((s) => s.compliance), r.openActionSubtasks]),
      [
        ['INC-101', ['on time', 'late'], ['INC-150']],
        ['INC-102', ['overdue', 'overdue'], []],
      ],
    );
  });

  it('HTML: an executive page with keys, hours and minutes, compliance, and no record ids', async () => {
    const out = path.join(dataDir, 'report.html');
    const run = await runCli(['incidents', 'report', ...window, '--out', out], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { file: out, format: 'html', incidents: 3, resolved: 2 });
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<h1>Incident report 2026-11-01 – 2026-11-30<\/h1>/);
    assert.match(html, /<td>payments<\/td><td>SEV1<\/td><td class="num">2<\/td><td class="num">2<\/td><td class="num">6 min<\/td><td class="num">8 min<\/td>/);
    assert.match(html, /<td class="num">1 h 45 min<\/td><td class="num">1 h 57 min<\/td><\/tr>/);
    assert.match(html, /<td>INC-101<\/td>.*on time \(INC-148\).*late \(INC-149\).*<td>INC-150<\/td><td>no<\/td>/);
    assert.match(html, /<td>INC-103<\/td><td>auth<\/td><td>SEV2<\/td>/);
    assert.doesNotMatch(html, /INC-90/, 'outside the window');
    assert.doesNotMatch(html, /500INC|<script/, 'no record ids, no scripts');
  });

  it('CSV: sections for figures, trend and RCA, durations in minutes', async () => {
    const run = await runCli(['incidents', 'report', ...window, '--format', 'csv', '--trend', 'day'], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'section,service,severity,incidents,resolved,detect_median_minutes,detect_p90_minutes,acknowledge_median_minutes,acknowledge_p90_minutes,mitigate_median_minutes,mitigate_p90_minutes,resolve_median_minutes,resolve_p90_minutes',
    );
    assert.ok(lines.includes('figures,payments,SEV1,2,2,5.5,7.5,7.5,9.5,80,112,105,117'), run.stdout);
    assert.ok(lines.includes('figures,auth,SEV2,1,0,,,30,30,,,,'), run.stdout);
    assert.ok(lines.includes('trend,2026-11-10,1,1,90'), 'per day when asked');
    assert.ok(lines.includes('rca,INC-101,payments,SEV1,2026-11-10T09:30:00.000Z,on time,late,INC-150,no'), run.stdout);
  });

  it('a window that is not ISO-8601 is refused, naming the format expected', async () => {
    const run = await runCli(['incidents', 'report', '--from', '01/11/2026', '--to', '2026-12-01T00:00', '--format', 'pdf'], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--from "01\/11\/2026" is not an ISO-8601 date or date-time with a zone, such as 2026-11-01 or 2026-11-01T00:00:00Z/);
    assert.match(run.stderr, /--to "2026-12-01T00:00" is not an ISO-8601 date/);
    assert.match(run.stderr, /--format "pdf" is not one of html, csv, json/);
    assert.deepEqual(checkReportOptions({ from: '2026-12-01', to: '2026-11-01T00:00:00+02:00', format: 'html' }), ['--from (2026-12-01) must be before --to (2026-11-01T00:00:00+02:00)']);
    assert.deepEqual(checkReportOptions({ from: '2026-11-01T00:00:00.000+03:00', to: '2026-12-01', format: 'csv', trend: 'month' }), ['--trend "month" is not day or week']);
  });
});

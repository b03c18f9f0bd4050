import assert from 'node:assert/strict';
import { computeDurations, evaluateRcaCompliance, percentile, summarizeDurations } from '../../../src/domain/incidents/metrics.js';
import type { IncidentMoments } from '../../../src/domain/incidents/metrics.js';
import { buildIncidentReport, listBuckets } from '../../../src/domain/incidents/metrics-report.js';
import type { ReportIncident } from '../../../src/domain/incidents/metrics-report.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = new Date('2026-11-30T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const rca = {
  incidentManager: 'sarah-oconnor',
  closeWithOpenSubtasks: 'block' as const,
  stages: [
    { name: 'Initial RCA', dueHours: 24, assignee: 'incidentManager' as const },
    { name: 'R&D RCA', dueHours: 48, assignee: 'serviceOwner' as const },
  ],
};

function givenMoments(partial: Partial<IncidentMoments> = {}): IncidentMoments {
  return { firstSignalAt: at(-7), openedAt: at(0), acknowledgedAt: at(4), mitigatedAt: at(40), resolvedAt: at(95), ...partial };
}

function givenReportIncident(partial: Partial<ReportIncident> = {}): ReportIncident {
  return { ...givenMoments(), key: 'INC-1', service: 'payments', severity: 'SEV1', isGlobal: false, linkedCases: 3, stages: [], openActionSubtasks: [], ...partial };
}

describe('incident durations', () => {
  it('detect counts from the first signal to the opening; the others from the opening', () => {
    assert.deepEqual(computeDurations(givenMoments()), { detect: 7 * MIN, acknowledge: 4 * MIN, mitigate: 40 * MIN, resolve: 95 * MIN });
  });

  it('moments not reached yet are null; a resolution without a mitigation counts as the mitigation', () => {
    assert.deepEqual(computeDurations(givenMoments({ acknowledgedAt: null, mitigatedAt: null, resolvedAt: null })), { detect: 7 * MIN, acknowledge: null, mitigate: null, resolve: null });
    assert.equal(computeDurations(givenMoments({ mitigatedAt: null })).mitigate, 95 * MIN);
    assert.equal(computeDurations(givenMoments({ firstSignalAt: null })).detect, null);
  });

  it('a signal after the opening (a case linked later) is zero detection time, never negative', () => {
    assert.equal(computeDurations(givenMoments({ firstSignalAt: at(30) })).detect, 0);
  });
});

describe('percentile and summaries', () => {
  it('interpolates between closest ranks (numpy/spreadsheet default)', () => {
    assert.equal(percentile([10, 20, 30, 40], 50), 25);
    assert.equal(percentile([40, 10, 30, 20], 90), 37);
    assert.equal(percentile([5], 90), 5);
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9.1);
  });

  it('summaries count only the incidents that have the duration', () => {
    assert.deepEqual(summarizeDurations([10, null, 30, 20]), { count: 3, medianMs: 20, p90Ms: 28 });
    assert.deepEqual(summarizeDurations([null]), { count: 0, medianMs: null, p90Ms: null });
  });
});

describe('RCA compliance', () => {
  const resolvedAt = at(0);
  const stage = (name: string, hours: number, status: string, doneAfterHours: number | null) => ({
    stage: name,
    issueKey: `INC-${hours}`,
    dueAt: new Date(resolvedAt.getTime() + hours * HOUR),
    status,
    doneAt: doneAfterHours === null ? null : new Date(resolvedAt.getTime() + doneAfterHours * HOUR),
  });

  it('on time within 24 h and 48 h; late after; overdue while open past due; open before', () => {
    const now = new Date(resolvedAt.getTime() + 30 * HOUR);
    const onTime = evaluateRcaCompliance(rca, { resolvedAt, stages: [stage('Initial RCA', 24, 'done', 23), stage('R&D RCA', 48, 'open', null)], openActionSubtasks: ['INC-9'] }, now);
    assert.deepEqual(
      onTime.stages.map((s) => s.compliance),
      ['on time', 'open'],
    );
    assert.equal(onTime.compliant, true, 'an action sub-task open before the last due time is not a breach yet');

    const late = evaluateRcaCompliance(
      rca,
      { resolvedAt, stages: [stage('Initial RCA', 24, 'done', 25), stage('R&D RCA', 48, 'open', null)], openActionSubtasks: [] },
      new Date(resolvedAt.getTime() + 49 * HOUR),
    );
    assert.deepEqual(
      late.stages.map((s) => s.compliance),
      ['late', 'overdue'],
    );
    assert.equal(late.compliant, false);
  });

  it('a stage with no record is judged by its planned due time; open action sub-tasks past the last due break compliance', () => {
    const now = new Date(resolvedAt.getTime() + 50 * HOUR);
    const result = evaluateRcaCompliance(rca, { resolvedAt, stages: [stage('Initial RCA', 24, 'done', 2), stage('R&D RCA', 48, 'done', 40)], openActionSubtasks: ['INC-12'] }, now);
    assert.deepEqual(
      result.stages.map((s) => s.compliance),
      ['on time', 'on time'],
    );
    assert.equal(result.compliant, false);
    const missing = evaluateRcaCompliance(rca, { resolvedAt, stages: [], openActionSubtasks: [] }, now);
    assert.deepEqual(
      missing.stages.map((s) => [s.stage, s.compliance, s.dueAt.toISOString()]),
      [
        ['Initial RCA', 'overdue', '2026-12-01T08:00:00.000Z'],
        ['R&D RCA', 'overdue', '2026-12-02T08:00:00.000Z'],
      ],
    );
  });
});

describe('incident report model', () => {
  it('groups by service and severity with medians and p90, counts resolved, and keeps only the window', () => {
    const incidents = [
      givenReportIncident({ key: 'INC-1', openedAt: at(0), resolvedAt: at(60) }),
      givenReportIncident({ key: 'INC-2', openedAt: at(120), acknowledgedAt: at(130), resolvedAt: at(240) }),
      givenReportIncident({ key: 'INC-3', openedAt: at(300), acknowledgedAt: at(302), mitigatedAt: null, resolvedAt: null }),
      givenReportIncident({ key: 'INC-4', service: 'auth', severity: 'SEV2', openedAt: at(24 * 60 + 5), resolvedAt: at(24 * 60 + 35) }),
      givenReportIncident({ key: 'INC-OLD', openedAt: at(-10 * 24 * 60) }),
    ];
    const report = buildIncidentReport({ from: T0, to: at(3 * 24 * 60), now: at(4 * 24 * 60), incidents, rca });
    assert.deepEqual(
      report.groups.map((g) => [g.service, g.severity, g.incidents, g.resolved]),
      [
        ['auth', 'SEV2', 1, 1],
        ['payments', 'SEV1', 3, 2],
      ],
    );
    const payments = report.groups[1]!;
    // Resolve: 60 and 120 minutes → median 90, p90 114.
    assert.deepEqual(payments.durations.resolve, { count: 2, medianMs: 90 * MIN, p90Ms: 114 * MIN });
    // Acknowledge: 4, 10, 2 minutes → median 4, p90 8.8.
    assert.equal(payments.durations.acknowledge.medianMs, 4 * MIN);
    assert.equal(Math.round(payments.durations.acknowledge.p90Ms!), Math.round(8.8 * MIN));
    assert.equal(report.totals.incidents, 4);
    assert.equal(report.totals.resolved, 3);
    assert.equal(report.bucket, 'day');
    assert.deepEqual(
      report.trend.map((t) => [t.start.toISOString().slice(0, 10), t.opened, t.resolved]),
      [
        ['2026-11-30', 3, 2],
        ['2026-12-01', 1, 1],
        ['2026-12-02', 0, 0],
        ['2026-12-03', 0, 0],
      ],
    );
    assert.deepEqual(
      report.rca.map((r) => r.key),
      ['INC-1', 'INC-2', 'INC-4'],
    );
  });

  it('weeks start on Monday (UTC) for windows over 14 days', () => {
    const starts = listBuckets(new Date('2026-11-04T10:00:00Z'), new Date('2026-11-30T00:00:00Z'), 'week');
    assert.deepEqual(
      starts.map((d) => d.toISOString().slice(0, 10)),
      ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'],
    );
  });
});

/**
 * The incident report an executive reads, as data: figures per service and severity (median and p90
 * of each duration, counts), the trend per day or week, and the RCA compliance of resolved incidents.
 * Pure; the renderers (metrics-render-*.ts) turn it into HTML, CSV or JSON.
 */
import type { IncidentsConfig } from '../../config/schemas/incidents.js';
import { DURATION_MEASURES, computeDurations, evaluateRcaCompliance, summarizeDurations } from './metrics.js';
import type { DurationMeasure, DurationSummary, IncidentDurations, IncidentMoments, RcaCompliance, StageRecord } from './metrics.js';

export interface ReportIncident extends IncidentMoments {
  /** The Jira key; null while its issue is being created. */
  key: string | null;
  service: string;
  severity: string;
  isGlobal: boolean;
  linkedCases: number;
  stages: StageRecord[];
  openActionSubtasks: string[];
}

export type TrendBucket = 'day' | 'week';

export interface IncidentReport {
  from: Date;
  to: Date;
  generatedAt: Date;
  bucket: TrendBucket;
  totals: { incidents: number; resolved: number; global: number; rcaJudged: number; rcaCompliant: number };
  overall: Record<DurationMeasure, DurationSummary>;
  groups: Array<{ service: string; severity: string; incidents: number; resolved: number; durations: Record<DurationMeasure, DurationSummary> }>;
  trend: Array<{ start: Date; opened: number; resolved: number; medianResolveMs: number | null }>;
  rca: Array<{ key: string; service: string; severity: string; resolvedAt: Date } & RcaCompliance>;
  incidents: Array<{ key: string; service: string; severity: string; isGlobal: boolean; openedAt: Date; linkedCases: number; durations: IncidentDurations }>;
}

const DAY_MS = 86_400_000;

/** Incidents opened in [from, to); the trend per day up to 14 days, per week (from Monday, UTC) beyond. */
export function buildIncidentReport(input: { from: Date; to: Date; now: Date; incidents: readonly ReportIncident[]; rca: IncidentsConfig['rca']; bucket?: TrendBucket }): IncidentReport {
  const inWindow = input.incidents.filter((i) => i.openedAt >= input.from && i.openedAt < input.to).sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.service.localeCompare(b.service));
  const rows = inWindow.map((i) => ({ incident: i, durations: computeDurations(i) }));
  const summarize = (subset: typeof rows) => Object.fromEntries(DURATION_MEASURES.map((m) => [m, summarizeDurations(subset.map((r) => r.durations[m]))])) as Record<DurationMeasure, DurationSummary>;

  const groupKeys = [...new Set(rows.map((r) => `${r.incident.service}\u0000${r.incident.severity}`))].sort();
  const groups = groupKeys.map((k) => {
    const [service, severity] = k.split('\u0000') as [string, string];
    const subset = rows.filter((r) => r.incident.service === service && r.incident.severity === severity);
    return { service, severity, incidents: subset.length, resolved: subset.filter((r) => r.incident.resolvedAt !== null).length, durations: summarize(subset) };
  });

  const bucket = input.bucket ?? (input.to.getTime() - input.from.getTime() <= 14 * DAY_MS ? 'day' : 'week');
  const trend = listBuckets(input.from, input.to, bucket).map((start, index, starts) => {
    const end = starts[index + 1] ?? input.to;
    const subset = rows.filter((r) => r.incident.openedAt >= start && r.incident.openedAt < end);
    return {
      start,
      opened: subset.length,
      resolved: subset.filter((r) => r.incident.resolvedAt !== null).length,
      medianResolveMs: summarizeDurations(subset.map((r) => r.durations.resolve)).medianMs,
    };
  });

  const rca = inWindow
    .filter((i): i is ReportIncident & { resolvedAt: Date } => i.resolvedAt !== null)
    .map((i) => ({ key: nameOf(i), service: i.service, severity: i.severity, resolvedAt: i.resolvedAt, ...evaluateRcaCompliance(input.rca, i, input.now) }));
  const judged = rca.filter((r) => r.stages.some((s) => s.compliance !== 'open'));

  return {
    from: input.from,
    to: input.to,
    generatedAt: input.now,
    bucket,
    totals: {
      incidents: rows.length,
      resolved: rows.filter((r) => r.incident.resolvedAt !== null).length,
      global: rows.filter((r) => r.incident.isGlobal).length,
      rcaJudged: judged.length,
      rcaCompliant: judged.filter((r) => r.compliant).length,
    },
    overall: summarize(rows),
    groups,
    trend,
    rca,
    incidents: rows.map((r) => ({
      key: nameOf(r.incident),
      service: r.incident.service,
      severity: r.incident.severity,
      isGlobal: r.incident.isGlobal,
      openedAt: r.incident.openedAt,
      linkedCases: r.incident.linkedCases,
      durations: r.durations,
    })),
  };
}

function nameOf(incident: ReportIncident): string {
  return incident.key ?? '(Jira issue not created yet)';
}

/** Bucket starts covering [from, to): midnights UTC, or Mondays UTC for weeks. */
export function listBuckets(from: Date, to: Date, bucket: TrendBucket): Date[] {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (bucket === 'week') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const stepMs = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const starts: Date[] = [];
  for (let ms = first.getTime(); ms < to.getTime(); ms += stepMs) starts.push(new Date(ms));
  return starts;
}

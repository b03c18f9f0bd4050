/**
 * The Reports page's computed reports, kept while nothing they count has changed. Counting the
 * window's population (every open clock, joined to its ticket) is the one part that cannot be
 * narrowed by an index: about 200,000 clocks for 100,000 open tickets. What it depends on changes
 * only when a clock is computed again (sla_results.computed_at) or a ticket is stored
 * (tickets.updated_at), both an index lookup away, so a report is reused until either moves, and
 * for at most MAX_AGE_MS in any case (a clock row deleted moves neither).
 */
import type { Knex } from 'knex';
import type { SlaReport } from '../../../domain/sla/report.js';

/** Distinct window and filter choices kept; the oldest used goes first. */
const MAX_ENTRIES = 32;
const MAX_AGE_MS = 5 * 60_000;

export interface ReportCache {
  /** The report for `key`, built by `build` unless one built since the last change is kept. */
  get(key: string, build: () => Promise<SlaReport>): Promise<SlaReport>;
}

async function readVersion(db: Knex): Promise<string> {
  const result = (await db.raw('SELECT (SELECT max(computed_at) FROM sla_results) AS clocks, (SELECT max(updated_at) FROM tickets) AS tickets')) as {
    rows: Array<{ clocks: unknown; tickets: unknown }>;
  };
  const row = result.rows[0];
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? '-'));
  return `${text(row?.clocks)}|${text(row?.tickets)}`;
}

export function createReportCache(db: Knex, nowMs: () => number): ReportCache {
  const entries = new Map<string, { version: string; at: number; report: SlaReport }>();
  return {
    async get(key, build) {
      // Read before building: a change made while the report is built makes it stale at once.
      const version = await readVersion(db);
      const kept = entries.get(key);
      entries.delete(key);
      if (kept && kept.version === version && nowMs() - kept.at < MAX_AGE_MS) {
        entries.set(key, kept);
        return kept.report;
      }
      const report = await build();
      entries.set(key, { version, at: nowMs(), report });
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      return report;
    },
  };
}

/**
 * API calls as the sandbox counted them, per system and route, set against a stated batching
 * minimum: the fewest calls the batch limits of each API allow for the same work.
 */
import type { CallStatsSnapshot, SystemCallStats } from '../../src/sandbox/controls/stats.js';

/** One term of a minimum: one call of `call` per `recordsPerCall` records (rounded up). */
export interface MinimumTerm {
  call: string;
  recordsPerCall: number;
}

export type Minimum = Record<'salesforce' | 'jira', MinimumTerm[]>;

export interface SystemCallFigures {
  /** Calls the sandbox answered (refused calls are listed apart). */
  calls: number;
  callsPer1000: number;
  /** Calls the sandbox refused (injected 429s, drops, spent limits): counted apart from `calls`. */
  refused: number;
  refusedPer1000: number;
  minimumCalls: number;
  minimumPer1000: number;
  /** calls / minimumCalls. */
  ratioToMinimum: number;
  byRoute: Record<string, number>;
  rejectedByRoute: Record<string, number>;
  /** How the minimum is counted, e.g. "1 query page per 2000 + 1 composite update per 200". */
  minimumDefinition: string;
  /** The same against a second, stated minimum (e.g. one that counts the comment read). */
  alternative?: { label: string; minimumPer1000: number; ratioToMinimum: number; minimumDefinition: string };
}

/** Calls made between two snapshots (a later one minus an earlier one). */
export function subtractStats(later: CallStatsSnapshot, earlier: CallStatsSnapshot | undefined): CallStatsSnapshot {
  if (!earlier) return later;
  const minus = (a: SystemCallStats, b: SystemCallStats): SystemCallStats => ({
    accepted: a.accepted - b.accepted,
    rejected: a.rejected - b.rejected,
    calls: subtractCounts(a.calls, b.calls),
    rejectedCalls: subtractCounts(a.rejectedCalls, b.rejectedCalls),
  });
  return { since: earlier.since, salesforce: minus(later.salesforce, earlier.salesforce), jira: minus(later.jira, earlier.jira) };
}

function subtractCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, count] of Object.entries(a)) {
    const diff = count - (b[route] ?? 0);
    if (diff !== 0) out[route] = diff;
  }
  return out;
}

export function countMinimumCalls(terms: readonly MinimumTerm[], records: number): number {
  return terms.reduce((sum, term) => sum + Math.ceil(records / term.recordsPerCall), 0);
}

export function describeMinimum(terms: readonly MinimumTerm[]): string {
  return terms.map((t) => `1 ${t.call} per ${t.recordsPerCall}`).join(' + ');
}

/** Figures per system for `records` records (cases or changes) handled. */
export function summarizeCalls(stats: CallStatsSnapshot, records: number, minimum: Minimum, alternative?: { label: string; minimum: Minimum }): Record<'salesforce' | 'jira', SystemCallFigures> {
  const per1000 = (calls: number) => round((calls * 1000) / Math.max(1, records));
  const summarize = (system: 'salesforce' | 'jira'): SystemCallFigures => {
    const counted = stats[system];
    const minimumCalls = countMinimumCalls(minimum[system], records);
    return {
      calls: counted.accepted,
      callsPer1000: per1000(counted.accepted),
      refused: counted.rejected,
      refusedPer1000: per1000(counted.rejected),
      minimumCalls,
      minimumPer1000: per1000(minimumCalls),
      ratioToMinimum: round(counted.accepted / Math.max(1, minimumCalls)),
      byRoute: sortByCount(counted.calls),
      rejectedByRoute: sortByCount(counted.rejectedCalls),
      minimumDefinition: describeMinimum(minimum[system]),
      ...(alternative && {
        alternative: {
          label: alternative.label,
          minimumPer1000: per1000(countMinimumCalls(alternative.minimum[system], records)),
          ratioToMinimum: round(counted.accepted / Math.max(1, countMinimumCalls(alternative.minimum[system], records))),
          minimumDefinition: describeMinimum(alternative.minimum[system]),
        },
      }),
    };
  };
  return { salesforce: summarize('salesforce'), jira: summarize('jira') };
}

function sortByCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

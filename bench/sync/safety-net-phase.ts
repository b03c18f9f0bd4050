/**
 * Phase 3, the safety net after the push path: the periodic polls of both systems run once more
 * (poll + drain until quiet) after every change has already been mirrored through webhooks.
 * Ideally they only list the changes and queue nothing; what they queue is work done twice.
 */
import { subtractStats, summarizeCalls } from './call-counts.js';
import type { Minimum, SystemCallFigures } from './call-counts.js';
import { subtractOperationCounts } from './port-counter.js';
import type { OperationCounts, PortCounter } from './port-counter.js';
import type { SyncRig } from './rig.js';

/** Listing the changes is unavoidable (the polls cannot know a webhook already carried them). */
export const SAFETY_NET_MINIMUM: Minimum = {
  salesforce: [{ call: 'poll query page (the write-backs show as changed cases)', recordsPerCall: 2000 }],
  jira: [{ call: 'poll search page (updated issues)', recordsPerCall: 100 }],
};

export interface SafetyNetFigures {
  changes: number;
  wallMs: number;
  rounds: Array<{ round: number; polled: { cases: number; issues: number }; jobs: number }>;
  /** Jobs queued by the polls for changes the push path had already mirrored. */
  jobs: number;
  calls: Record<'salesforce' | 'jira', SystemCallFigures>;
  byOperation: OperationCounts;
  /** Writes made by these passes (0 when the push path left nothing to do). */
  writes: { caseUpdates: number; issueUpdates: number; transitions: number };
}

export async function runSafetyNetPoll(rig: SyncRig, ports: PortCounter, changes: number, progress: (line: string) => void): Promise<SafetyNetFigures> {
  const start = rig.sandbox.stats.snapshot();
  const portsAtStart = ports.snapshot();
  const engineBefore = { ...rig.engine.stats };
  const startedMs = performance.now();
  const rounds: SafetyNetFigures['rounds'] = [];
  const ticker = setInterval(() => progress(`safety net: ${rig.engine.stats.jobsProcessed - engineBefore.jobsProcessed} jobs`), 5000);
  try {
    for (let round = 1; round <= 4; round++) {
      const polled = await rig.engine.pollOnce();
      const jobs = await rig.engine.drain();
      rounds.push({ round, polled, jobs });
      progress(`safety-net round ${round}: polled ${polled.cases} cases / ${polled.issues} issues, ${jobs} jobs`);
      if (jobs === 0) break;
    }
  } finally {
    clearInterval(ticker);
  }
  const s = rig.engine.stats;
  return {
    changes,
    wallMs: Math.round(performance.now() - startedMs),
    rounds,
    jobs: rounds.reduce((sum, r) => sum + r.jobs, 0),
    calls: summarizeCalls(subtractStats(rig.sandbox.stats.snapshot(), start), changes, SAFETY_NET_MINIMUM),
    byOperation: subtractOperationCounts(ports.snapshot(), portsAtStart),
    writes: { caseUpdates: s.caseUpdates - engineBefore.caseUpdates, issueUpdates: s.issueUpdates - engineBefore.issueUpdates, transitions: s.transitions - engineBefore.transitions },
  };
}

/**
 * Phase 1, mirroring: N escalated cases spread over the routing rules are polled and drained
 * (poll both feeds, drain both queues, repeat until a round does nothing). Counts API calls for
 * the first round (the work itself) and for every round until quiet (the echoes included).
 */
import type { CallStatsSnapshot } from '../../src/sandbox/controls/stats.js';
import type { SyncConfig } from '../../src/config/schemas/sync.js';
import { subtractStats, summarizeCalls } from './call-counts.js';
import type { Minimum, SystemCallFigures } from './call-counts.js';
import type { SyncRig } from './rig.js';
import { subtractOperationCounts } from './port-counter.js';
import type { OperationCounts, PortCounter } from './port-counter.js';

/** The brief's batching minimum for mirroring N cases. */
export const MIRROR_MINIMUM: Minimum = {
  salesforce: [
    { call: 'poll query page (SystemModstamp >= cursor)', recordsPerCall: 2000 },
    { call: 'Id IN query', recordsPerCall: 200 },
    { call: 'composite update (write-back)', recordsPerCall: 200 },
  ],
  jira: [
    { call: 'bulk create', recordsPerCall: 50 },
    { call: 'search (read back)', recordsPerCall: 100 },
  ],
};

/** The same plus the case comment read the engine makes since comments are mirrored (config comments.*.enabled). */
export const MIRROR_MINIMUM_WITH_COMMENTS = {
  label: 'with the CaseComment read (1 query per 200 cases)',
  minimum: { ...MIRROR_MINIMUM, salesforce: [...MIRROR_MINIMUM.salesforce, { call: 'CaseComment ParentId IN query', recordsPerCall: 200 }] },
};

export interface MirrorFigures {
  cases: number;
  /** Under faults: from the first poll until every case shows its key and no job waits (null: not within the timeout). */
  convergedMs?: number | null;
  /** Rounds that found nothing ready while work was still deferred or the index behind (1 s apart). */
  idleRounds?: number;
  topics: Record<string, number>;
  wallMs: number;
  firstRound: { wallMs: number; jobs: number; calls: Record<'salesforce' | 'jira', SystemCallFigures>; byOperation: OperationCounts };
  untilQuiet: { rounds: number; wallMs: number; jobs: number; calls: Record<'salesforce' | 'jira', SystemCallFigures>; byOperation: OperationCounts };
  rounds: Array<{ round: number; polled: { cases: number; issues: number }; jobs: number; wallMs: number; salesforceCalls: number; jiraCalls: number; byOperation: OperationCounts }>;
  result: { casesWithJiraKey: number; distinctJiraKeys: number; createdByEngine: number; caseUpdates: number; issueUpdates: number; transitions: number; deadLettered: number };
}

/** Topics of the routing rules, plus one no rule names (the default route). */
export function routingTopics(sync: SyncConfig): string[] {
  const named = sync.routing.rules.flatMap((rule) => rule.topics ?? []);
  return [...new Set(named), 'other'];
}

/** Creates escalated cases as agents would (setup: these calls do not touch the API counters). */
export async function createEscalatedCases(rig: SyncRig, count: number, topics: readonly string[]): Promise<{ ids: string[]; topics: Record<string, number> }> {
  const { accounts } = rig.sandbox.salesforce.people();
  const priorities = ['P2', 'P3', 'P4'];
  const ids: string[] = [];
  const perTopic: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const topic = topics[i % topics.length]!;
    const account = accounts[i % accounts.length]!;
    const outcome = await rig.sandbox.salesforce.runActor({
      system: 'salesforce',
      action: 'createCase',
      fields: {
        Subject: `Bench case ${i + 1}: ${topic.replace('_', ' ')} misbehaves`,
        Description: `Customer ${account.account.contact} reports a problem (${topic}).\nSteps: open the app, try again.`,
        Status: 'Working',
        Priority: priorities[i % priorities.length],
        Origin: 'App',
        AccountId: account.id,
        Escalate_to_Jira__c: true,
        Topic__c: topic,
        Customer_Tier__c: account.account.tier,
      },
    });
    if (!outcome.ok) throw new Error(`creating bench case ${i + 1}: ${outcome.error}`);
    ids.push((outcome.result as { id: string }).id);
    perTopic[topic] = (perTopic[topic] ?? 0) + 1;
  }
  return { ids, topics: perTopic };
}

/** Keep polling past a quiet round until `isDone` (faults defer work and hide fresh issues for a while). */
export interface ConvergeOptions {
  isDone: () => Promise<boolean>;
  timeoutMs: number;
}

export async function runMirrorPhase(
  rig: SyncRig,
  ports: PortCounter,
  caseIds: readonly string[],
  topics: Record<string, number>,
  progress: (line: string) => void,
  converge?: ConvergeOptions,
): Promise<MirrorFigures> {
  const stats = () => rig.sandbox.stats.snapshot();
  const start = stats();
  const portsAtStart = ports.snapshot();
  const startedMs = performance.now();
  const rounds: MirrorFigures['rounds'] = [];
  let firstRound: { stats: CallStatsSnapshot; wallMs: number; jobs: number; byOperation: OperationCounts } | undefined;
  let convergedMs: number | null = null;
  let idleRounds = 0;
  const ticker = setInterval(
    () =>
      progress(
        `mirror: ${rig.engine.stats.jobsProcessed} jobs, ${rig.engine.stats.created} issues created, ${rig.sandbox.stats.snapshot().salesforce.accepted + rig.sandbox.stats.snapshot().jira.accepted} API calls`,
      ),
    5000,
  );
  try {
    for (let round = 1; round <= (converge ? 200 : 6); round++) {
      const before = stats();
      const portsBefore = ports.snapshot();
      const roundStartMs = performance.now();
      const polled = await rig.engine.pollOnce();
      const jobs = await rig.engine.drain();
      const after = stats();
      const delta = subtractStats(after, before);
      const wallMs = performance.now() - roundStartMs;
      const byOperation = subtractOperationCounts(ports.snapshot(), portsBefore);
      if (converge && jobs === 0 && polled.cases + polled.issues === 0) {
        if (await converge.isDone()) {
          convergedMs = Math.round(performance.now() - startedMs);
          break;
        }
        if (performance.now() - startedMs > converge.timeoutMs) break;
        idleRounds++;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      rounds.push({ round, polled, jobs, wallMs: Math.round(wallMs), salesforceCalls: delta.salesforce.accepted, jiraCalls: delta.jira.accepted, byOperation });
      progress(
        `mirror round ${round}: polled ${polled.cases} cases / ${polled.issues} issues, ${jobs} jobs, ${delta.salesforce.accepted} Salesforce + ${delta.jira.accepted} Jira calls, ${Math.round(wallMs)} ms`,
      );
      if (round === 1) firstRound = { stats: subtractStats(after, start), wallMs, jobs, byOperation };
      if (jobs === 0 && !converge) break;
      if (converge && performance.now() - startedMs > converge.timeoutMs) break;
    }
  } finally {
    clearInterval(ticker);
  }
  const wallMs = performance.now() - startedMs;
  const total = subtractStats(stats(), start);
  const n = caseIds.length;
  const store = rig.sandbox.salesforce.store;
  const s = rig.engine.stats;
  return {
    cases: n,
    ...(converge && { convergedMs, idleRounds }),
    topics,
    wallMs: Math.round(wallMs),
    firstRound: {
      wallMs: Math.round(firstRound!.wallMs),
      jobs: firstRound!.jobs,
      calls: summarizeCalls(firstRound!.stats, n, MIRROR_MINIMUM, MIRROR_MINIMUM_WITH_COMMENTS),
      byOperation: firstRound!.byOperation,
    },
    untilQuiet: {
      rounds: rounds.length,
      wallMs: Math.round(wallMs),
      jobs: rounds.reduce((sum, r) => sum + r.jobs, 0),
      calls: summarizeCalls(total, n, MIRROR_MINIMUM, MIRROR_MINIMUM_WITH_COMMENTS),
      byOperation: subtractOperationCounts(ports.snapshot(), portsAtStart),
    },
    rounds,
    result: {
      casesWithJiraKey: caseIds.filter((id) => typeof store.get('Case', id)?.Jira_Key__c === 'string').length,
      distinctJiraKeys: new Set(caseIds.map((id) => store.get('Case', id)?.Jira_Key__c).filter((key) => typeof key === 'string')).size,
      createdByEngine: s.created,
      caseUpdates: s.caseUpdates,
      issueUpdates: s.issueUpdates,
      transitions: s.transitions,
      deadLettered: s.deadLettered,
    },
  };
}

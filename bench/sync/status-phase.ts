/**
 * Phase 2, the push path: developers move every mirrored issue to a new status (one change per
 * issue, paced at a set rate); the sandbox delivers each change as a signed webhook to the real
 * HTTP app, which queues it; the engine's workers mirror it onto the case. Latency is change →
 * the case showing the new Jira status, read from the emulator's store (no API calls).
 */
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../src/http/app.js';
import { closeServer, listen } from '../../src/http/serve.js';
import { createJiraWebhookRouter } from '../../src/http/webhooks/jira.js';
import { round, subtractStats, summarizeCalls } from './call-counts.js';
import type { Minimum, SystemCallFigures } from './call-counts.js';
import { waitForIdleQueues } from './rig.js';
import type { SyncRig } from './rig.js';
import { subtractOperationCounts } from './port-counter.js';
import type { OperationCounts, PortCounter } from './port-counter.js';

/** The batching minimum for mirroring N Jira changes onto their cases. */
export const STATUS_MINIMUM: Minimum = {
  salesforce: [
    { call: 'Id IN query (read the linked cases)', recordsPerCall: 200 },
    { call: 'composite update (write-back)', recordsPerCall: 200 },
  ],
  jira: [{ call: 'search (read the changed issues)', recordsPerCall: 100 }],
};

const STATUS_MINIMUM_WITH_COMMENTS = {
  label: 'with the CaseComment read (1 query per 200 cases)',
  minimum: { ...STATUS_MINIMUM, salesforce: [...STATUS_MINIMUM.salesforce, { call: 'CaseComment ParentId IN query', recordsPerCall: 200 }] },
};

export interface StatusPhaseOptions {
  /** Jira status every issue is moved to (one transition from To Do). */
  toStatus: string;
  /** Changes started per second. */
  ratePerSecond: number;
  /** Changes whose latency is also observed by polling the store (the rest use timestamps only). */
  pollSample: number;
  /** Give up waiting for the mirror after this long past the last change. */
  settleTimeoutMs: number;
}

export interface LatencyFigures {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StatusFigures {
  changes: number;
  ratePerSecond: number;
  firingMs: number;
  /** From the first change until the last case shows its new status. */
  wallMs: number;
  /** From the first change until both queues are empty (the last batch finished). */
  untilIdleMs: number;
  mirrored: number;
  /** Every mirrored change: the case's LastModifiedDate (written by the integration user) minus the change time. */
  latencyByTimestamps: LatencyFigures;
  /** A sample observed by polling the emulator's store every 10 ms. */
  latencyByPolling: LatencyFigures;
  /** Where the time goes: change → webhook queued → batch picked up (first case read) → case written. */
  latencyStages: Record<'webhookToQueue' | 'queueToPickup' | 'pickupToWritten', LatencyFigures>;
  webhooks: Record<string, number>;
  engine: { batches: number; jobs: number; meanBatchSize: number };
  calls: Record<'salesforce' | 'jira', SystemCallFigures>;
  /** API calls per engine port operation (approximate here: workers may overlap). */
  byOperation: OperationCounts;
}

export async function runStatusPhase(rig: SyncRig, ports: PortCounter, caseIds: readonly string[], options: StatusPhaseOptions, progress: (line: string) => void): Promise<StatusFigures> {
  const sync = rig.context.config;
  const expected = sync.statusMap.toSalesforce[options.toStatus]?.display;
  if (!expected) throw new Error(`statusMap.toSalesforce has no display for "${options.toStatus}"`);
  const store = rig.sandbox.salesforce.store;
  const integrationUserId = rig.sandbox.salesforce.people().integrationUserId;
  const pairs = caseIds.flatMap((caseId) => {
    const key = store.get('Case', caseId)?.Jira_Key__c;
    return typeof key === 'string' ? [{ caseId, key }] : [];
  });

  // Setup (outside the counted window): our API user's id, the HTTP app, the webhook target, workers.
  const integrationAccountId = await rig.context.issues.getIntegrationAccountId();
  const caseOfKey = new Map(pairs.map((p) => [p.key, p.caseId]));
  const queuedAtMs = new Map<string, number>();
  const pickedAtMs = new Map<string, number>();
  const webhooks: Record<string, number> = {};
  const app = createHttpApp({
    logger: rig.context.logger,
    readiness: { check: async () => [] },
    mount: (http) => {
      http.use(
        createJiraWebhookRouter({
          secret: rig.webhookSecret,
          integrationAccountId: () => integrationAccountId,
          enqueueIssues: async (keys) => {
            await rig.engine.enqueueIssues(keys);
            for (const key of keys) if (caseOfKey.has(key)) queuedAtMs.set(caseOfKey.get(key)!, Date.now());
          },
          onDelivery: (outcome) => (webhooks[outcome] = (webhooks[outcome] ?? 0) + 1),
        }),
      );
    },
  });
  const server = await listen(app, 0, '127.0.0.1');
  rig.sandbox.jira.setWebhookTarget(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/jira`, rig.webhookSecret);
  // The first read of a batch (cases by id, with their comments or without) marks when the engine
  // picked a change up: the engine's own context object is shared, so wrapping its port here is
  // seen by the workers.
  const cases = rig.context.cases;
  const notePickup = (ids: readonly string[]) => {
    const nowMs = Date.now();
    for (const id of ids) if (!pickedAtMs.has(id)) pickedAtMs.set(id, nowMs);
  };
  const withComments = cases.getCasesWithComments?.bind(cases);
  rig.context.cases = {
    ...cases,
    getCases: (ids, fields) => {
      notePickup(ids);
      return cases.getCases(ids, fields);
    },
    ...(withComments && {
      getCasesWithComments: (ids: readonly string[], fields: readonly string[]) => {
        notePickup(ids);
        return withComments(ids, fields);
      },
    }),
  };
  await rig.engine.startWorkers();

  const start = rig.sandbox.stats.snapshot();
  const portsAtStart = ports.snapshot();
  const engineBefore = { ...rig.engine.stats };
  const changedAtMs = new Map<string, number>();
  const observedMs: number[] = [];
  const sampleEvery = Math.max(1, Math.floor(pairs.length / Math.max(1, options.pollSample)));
  const watching = new Set<string>();
  const sampler = setInterval(() => {
    const now = Date.now();
    for (const caseId of watching) {
      if (store.get('Case', caseId)?.Jira_Status__c === expected) {
        observedMs.push(now - changedAtMs.get(caseId)!);
        watching.delete(caseId);
      }
    }
  }, 10);
  const countMirrored = () => pairs.filter(({ caseId }) => store.get('Case', caseId)?.Jira_Status__c === expected).length;
  const ticker = setInterval(() => progress(`status: ${changedAtMs.size}/${pairs.length} changed, ${countMirrored()} mirrored, ${rig.engine.stats.batches - engineBefore.batches} batches`), 5000);

  const startedMs = Date.now();
  let firingMs = 0;
  let mirroredMs = 0;
  try {
    for (const [index, { caseId, key }] of pairs.entries()) {
      const dueMs = startedMs + (index * 1000) / options.ratePerSecond;
      if (dueMs - Date.now() >= 2) await sleep(dueMs - Date.now());
      changedAtMs.set(caseId, Date.now());
      if (index % sampleEvery === 0) watching.add(caseId);
      const outcome = await rig.sandbox.jira.runActor({ type: 'transition', issueKey: key, toStatus: options.toStatus });
      if (!outcome.ok) throw new Error(`moving ${key} to ${options.toStatus}: ${outcome.error}`);
    }
    firingMs = Date.now() - startedMs;
    const deadline = Date.now() + options.settleTimeoutMs;
    while (countMirrored() < pairs.length && Date.now() < deadline) await sleep(50);
    mirroredMs = Date.now() - startedMs;
    // The counted window closes when the batches in hand have finished (comments, audit), too.
    if (!(await waitForIdleQueues(rig, 30_000))) progress('status: queues still busy after 30 s; counting what was done');
  } finally {
    clearInterval(ticker);
    clearInterval(sampler);
  }
  const idleMs = Date.now() - startedMs;
  const calls = subtractStats(rig.sandbox.stats.snapshot(), start);
  const byOperation = subtractOperationCounts(ports.snapshot(), portsAtStart);
  await rig.engine.stop();
  rig.context.cases = cases;
  rig.sandbox.jira.setWebhookTarget(undefined);
  await closeServer(server, 0);

  const latencies: number[] = [];
  const stages = { webhookToQueue: [] as number[], queueToPickup: [] as number[], pickupToWritten: [] as number[] };
  for (const { caseId } of pairs) {
    const row = store.get('Case', caseId);
    if (row?.Jira_Status__c !== expected || row.LastModifiedById !== integrationUserId) continue;
    const writtenMs = toMs(row.LastModifiedDate);
    const changedMs = changedAtMs.get(caseId)!;
    latencies.push(writtenMs - changedMs);
    const queuedMs = queuedAtMs.get(caseId);
    const pickedMs = pickedAtMs.get(caseId);
    if (queuedMs === undefined || pickedMs === undefined) continue;
    stages.webhookToQueue.push(queuedMs - changedMs);
    stages.queueToPickup.push(pickedMs - queuedMs);
    stages.pickupToWritten.push(writtenMs - pickedMs);
  }
  const batches = rig.engine.stats.batches - engineBefore.batches;
  const jobs = rig.engine.stats.jobsProcessed - engineBefore.jobsProcessed;
  return {
    changes: pairs.length,
    ratePerSecond: options.ratePerSecond,
    firingMs,
    wallMs: mirroredMs,
    untilIdleMs: idleMs,
    mirrored: latencies.length,
    latencyByTimestamps: describeLatencies(latencies),
    latencyByPolling: describeLatencies(observedMs),
    latencyStages: {
      webhookToQueue: describeLatencies(stages.webhookToQueue),
      queueToPickup: describeLatencies(stages.queueToPickup),
      pickupToWritten: describeLatencies(stages.pickupToWritten),
    },
    webhooks,
    engine: { batches, jobs, meanBatchSize: round(jobs / Math.max(1, batches), 1) },
    calls: summarizeCalls(calls, pairs.length, STATUS_MINIMUM, STATUS_MINIMUM_WITH_COMMENTS),
    byOperation,
  };
}

export function describeLatencies(values: readonly number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, p50Ms: at(50), p90Ms: at(90), p99Ms: at(99), maxMs: sorted.at(-1) ?? NaN };
}

function toMs(value: unknown): number {
  return typeof value === 'number' ? value : Date.parse(String(value));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

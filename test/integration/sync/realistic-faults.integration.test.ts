/**
 * Exactly once at the volume where it bites, against the faults the real services have: an org of
 * 2,000 cases (about 550 escalated or P1, so a pass sends a dozen bulk creates and several
 * collections), 40 % of Jira bulk creates refused with 429 (Retry-After 1 s), 5 % of collection
 * records UNABLE_TO_LOCK_ROW (date-times kept to the second, as an org does), a Jira search index
 * 2 s behind, developers and agents working meanwhile, and four rounds of `casebridge sync --once`
 * child processes SIGKILLed at random points (two at once in one round, as overlapping cron runs;
 * between rounds time passes, so what the dead runs held expires). Then runs without faults until
 * a run finds nothing to do, and the end state must show one issue per case, no comment twice, and
 * every case showing its issue's final key, status, assignee, fix version and update time.
 */
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/index.js';
import { startFeedsAtFirstStart } from '../../../src/engine/feeds/first-start.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { createPrng } from '../../../src/sandbox/controls/prng.js';
import { REALISTIC_SALESFORCE_RECORD_FAULTS } from '../../../src/sandbox/salesforce/record-faults.js';
import { startCliSyncRig } from '../../helpers/cli-sync-rig.js';
import { testDatabaseUrl } from '../../helpers/database.js';
import type { CliSyncRig } from '../../helpers/cli-sync-rig.js';
import { startPeopleActivity } from '../../helpers/sync-activity.js';
import type { ActivityCounts } from '../../helpers/sync-activity.js';
import { STALE_LAST_UPDATED, summarizeCensus, takeCensus } from '../../helpers/sync-census.js';
import { countWriteCalls, expireDeadRunsLeftovers, runSyncOnce } from '../../helpers/sync-once-runs.js';
import type { KillPoint, SyncOnceRun } from '../../helpers/sync-once-runs.js';

const SEED = 20261202;
const CASES = 2_000;
const SEARCH_LAG_MS = 2_000;
const FAULTS = {
  seed: SEED,
  jira: { searchIndexLagMs: SEARCH_LAG_MS },
  rules: [{ system: 'jira', route: 'POST /rest/api/3/issue/bulk', errorRate: 0.4, status: 429, retryAfterSeconds: 1 }],
  // 5 % of records UNABLE_TO_LOCK_ROW, and date-times kept to the whole second as a real org does.
  salesforceRecords: REALISTIC_SALESFORCE_RECORD_FAULTS,
};
/** No faults: what a real org always does stays (whole-second date-times). */
const NO_FAULTS = { seed: SEED, salesforceRecords: { wholeSecondTimestamps: true } };
/** Rounds under faults, one child each (two at once in one round), each killed at a random point or not. */
const FAULTED_ROUNDS = 4;
const OVERLAPPING_ROUND = 2;
const QUIET_RUNS_MAX = 5;

describe('exactly once under realistic faults (2,000 cases, sync --once children, SIGKILL)', function () {
  // Under 90 s on an idle 2-core machine; the margin is for a shared, busy one.
  this.timeout(900_000);
  const random = createPrng(SEED);
  const killPoints = plannedKillPoints(createPrng(SEED + 1), testDatabaseUrl() ? FAULTED_ROUNDS + 1 : FAULTED_ROUNDS);
  let rig: CliSyncRig;

  before(async () => {
    rig = await startCliSyncRig({ suite: 'realistic_faults', sandbox: { seed: CASES, randomSeed: SEED } });
    // The deployment started a month ago, before the seeded cases (dated over the last 30 days) came in.
    await withDatabase(rig, (db) => startFeedsAtFirstStart(db.knex, new Date(Date.now() - 31 * 86_400_000)));
  });

  after(async () => {
    await rig?.close();
  });

  it('ends with one issue per case, no comment twice and every case showing its issue', async () => {
    const startedMs = Date.now();
    const writeCalls = () => countWriteCalls(rig.sandbox.stats.snapshot());
    await rig.setFaults(FAULTS);
    const activity = startPeopleActivity(rig.sandbox, random, { intervalMs: 100 });
    const faulted: SyncOnceRun[] = [];
    let people: ActivityCounts;
    try {
      for (let round = 1; round <= FAULTED_ROUNDS; round++) {
        // Embedded PGlite admits one process at a time: overlapping runs need a server.
        const children = round === OVERLAPPING_ROUND && testDatabaseUrl() ? 2 : 1;
        const runs = await Promise.all(Array.from({ length: children }, (_, child) => runSyncOnce(rig.env, { kill: killPoints[faulted.length + child], writeCalls })));
        for (const run of runs) assert.ok(run.killed || run.code === 0, `round ${round}: sync --once exited ${run.code}\n${run.output.slice(-3000)}`);
        faulted.push(...runs);
        // The next cron run comes an hour later: what the dead runs held has expired by then.
        await withDatabase(rig, expireDeadRunsLeftovers);
      }
    } finally {
      people = await activity.stop();
    }
    const faultedStats = rig.sandbox.stats.snapshot();

    // No faults from here on; the index catches up.
    await rig.setFaults(NO_FAULTS);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_LAG_MS));
    const quiet: SyncOnceRun[] = [];
    for (let i = 0; i < QUIET_RUNS_MAX && quiet.at(-1)?.summary?.jobsProcessed !== 0; i++) {
      const run = await runSyncOnce(rig.env);
      assert.equal(run.code, 0, `quiet run ${i + 1} exited ${run.code}\n${run.output.slice(-3000)}`);
      quiet.push(run);
    }

    const loaded = loadConfig({ env: rig.env });
    assert.ok(loaded.ok && loaded.config.files.sync, 'the test config loads');
    const census = await takeCensus({ baseUrl: rig.running.url, store: rig.sandbox.salesforce.store, statusDisplay: loaded.config.files.sync.statusMap.toSalesforce });
    const bulk = 'POST /rest/api/3/issue/bulk';
    const figures = {
      cases: CASES,
      ...summarizeCensus(census),
      runs: faulted.map((r) => `${r.killed ? 'killed after' : 'done in'} ${Math.round(r.wallMs / 100) / 10} s, ${r.writes} writes`),
      quietRuns: quiet.map((r) => ({ jobs: r.summary?.jobsProcessed, s: Math.round(r.wallMs / 100) / 10 })),
      people,
      bulkCreates: { accepted: faultedStats.jira.calls[bulk] ?? 0, refused: faultedStats.jira.rejectedCalls[bulk] ?? 0 },
      wallMs: Date.now() - startedMs,
    };
    console.log(`      realistic faults: ${JSON.stringify(figures)}`);

    // Asserted below since the engine keeps them: a case comment posted twice to its issue (8 in one
    // run at 6d4bfed; two passes over one case at once, as comment-race.integration.test.ts forces),
    // and Jira_Last_Updated__c left older than a person's change made while a pass wrote the same issue
    // (7 cases at 6d4bfed).
    const staleLastUpdated = census.fieldMismatches.filter((m) => m.field === STALE_LAST_UPDATED);
    const fieldMismatches = census.fieldMismatches.filter((m) => m.field !== STALE_LAST_UPDATED);
    // Every broken promise at once, so one run shows the whole damage.
    const problems = [
      ...(census.duplicateIssues.length > 0
        ? [`${census.duplicateIssues.length} cases have more than one issue (${census.extraIssues} extra), e.g. ${JSON.stringify(census.duplicateIssues.slice(0, 3))}`]
        : []),
      ...(census.duplicateIncidentIssues.length > 0 ? [`incidents with two issues: ${JSON.stringify(census.duplicateIncidentIssues)}`] : []),
      ...(census.casesWithoutIssue.length > 0 ? [`${census.casesWithoutIssue.length} mirrored cases have no issue, e.g. ${census.casesWithoutIssue.slice(0, 5).join(', ')}`] : []),
      ...(census.duplicateCommentsOnCases.length > 0 ? [`Jira comments on a case twice: ${JSON.stringify(census.duplicateCommentsOnCases.slice(0, 3))}`] : []),
      ...(census.duplicateCommentsInJira.length > 0 ? [`case comments on their issue twice: ${JSON.stringify(census.duplicateCommentsInJira.slice(0, 3))}`] : []),
      ...(staleLastUpdated.length > 0 ? [`${staleLastUpdated.length} cases show a Jira_Last_Updated__c older than a person's change, e.g. ${JSON.stringify(staleLastUpdated.slice(0, 3))}`] : []),
      ...(fieldMismatches.length > 0 ? [`${fieldMismatches.length} case fields differ from Jira, e.g. ${JSON.stringify(fieldMismatches.slice(0, 3))}`] : []),
      ...(quiet.at(-1)?.summary?.jobsProcessed !== 0 ? [`still busy after ${quiet.length} runs without faults`] : []),
      // The test itself: the faults and the people must have happened for the rest to mean anything.
      ...(faulted.filter((r) => r.killed).length < 3 ? [`only ${faulted.filter((r) => r.killed).length} of ${faulted.length} runs were killed inside their work`] : []),
      ...(figures.bulkCreates.refused === 0 ? ['no bulk create was refused'] : []),
      ...(people.transitions === 0 || people.jiraComments === 0 || people.caseComments === 0 ? [`people barely worked: ${JSON.stringify(people)}`] : []),
    ];
    assert.deepEqual(problems, []);
  });
});

/**
 * Where each faulted run is killed, drawn from a stream of its own (the people's activity draws from
 * the other one as timers fire, which made the kills differ from run to run). One run, at random,
 * is not killed and finishes under the faults; the others are killed after some write calls plus
 * up to 0.3 s: 1–60 for the first run (a first pass makes about 200), 1–10 for the later ones,
 * which write a few dozen at most (at least one write: killed inside its work, not at start-up). Drawn that way, a CI run had later runs end before a threshold
 * of up to 60 and a spared one beside them (2 of 5 killed, so the run proved too little).
 */
function plannedKillPoints(random: () => number, runs: number): Array<KillPoint | undefined> {
  const spared = Math.floor(random() * runs);
  return Array.from({ length: runs }, (_, index) => (index === spared ? undefined : { afterWrites: 1 + Math.floor(random() * (index === 0 ? 60 : 10)), delayMs: Math.floor(random() * 300) }));
}

async function withDatabase(rig: CliSyncRig, work: (db: Database) => Promise<unknown>): Promise<void> {
  const db = await rig.openDatabase();
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

/**
 * `npm run bench -- incidents [--cases N] [--workers W]`: a burst of N cases on one service handled
 * by W concurrent sync passes against the sandbox, then the incident resolved and fanned out.
 * Prints JSON: incidents opened (must be 1), cases linked, wall times, and the API calls of each
 * phase (the fan-out should take ~2 Salesforce calls per 200 cases: one update, one comment collection).
 */
import { syncCases } from '../src/engine/sync-cases.js';
import { runIncidentWatch } from '../src/engine/incidents/watch-incidents.js';
import { listTrackedIncidents } from '../src/adapters/store/incident-tracking.js';
import { givenSyncHarness } from '../test/helpers/sync-harness.js';
import { givenSlackReceiver, givenSmtpReceiver } from '../test/helpers/notify-receivers.js';
import { givenFakeClock, givenIncidentDeps, givenIncidentsConfig } from '../test/integration/incidents/given-incidents.js';

function readFlag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

export async function run(args: string[]): Promise<void> {
  const cases = readFlag(args, 'cases', 400);
  const workers = readFlag(args, 'workers', 4);
  const h = await givenSyncHarness('bench_incidents', { fakeSleep: true });
  const slack = await givenSlackReceiver();
  const smtp = await givenSmtpReceiver();
  try {
    const deps = givenIncidentDeps(h, givenIncidentsConfig(), { slack, smtp }, givenFakeClock());
    const ids: string[] = [];
    for (let i = 0; i < cases; i++) {
      const outcome = await h.sandbox.salesforce.runActor({
        system: 'salesforce',
        action: 'createCase',
        fields: { Subject: `Rides not offered ${i}`, Status: 'New', Priority: 'P3', Topic__c: 'driver_app' },
      });
      if (!outcome.ok) throw new Error(outcome.error);
      ids.push((outcome.result as { id: string }).id);
    }
    h.sandbox.stats.clear();
    const chunks = Array.from({ length: workers }, (_, w) => ids.filter((_, i) => i % workers === w));
    let started = performance.now();
    await Promise.all(chunks.map((chunk) => syncCases(h.context, chunk)));
    const burstMs = performance.now() - started;
    const burstStats = h.sandbox.stats.snapshot();
    const incidents = await listTrackedIncidents(h.db.knex);

    await h.actJira({ type: 'transition', issueKey: incidents[0]!.issueKey!, toStatus: 'Investigating' });
    await h.actJira({ type: 'transition', issueKey: incidents[0]!.issueKey!, toStatus: 'Resolved' });
    h.sandbox.stats.clear();
    started = performance.now();
    const watch = await runIncidentWatch(h.context, deps);
    const fanOutMs = performance.now() - started;
    const fanOutStats = h.sandbox.stats.snapshot();
    process.stdout.write(
      `${JSON.stringify(
        {
          cases,
          workers,
          incidentsOpened: incidents.length,
          linkedCases: incidents[0]?.linkedCaseCount ?? 0,
          burst: {
            wallMs: Math.round(burstMs),
            salesforceCalls: totalCalls(burstStats.salesforce.calls),
            jiraCalls: totalCalls(burstStats.jira.calls),
            jiraCreates: burstStats.jira.calls['POST /rest/api/3/issue/bulk'] ?? 0,
          },
          resolution: {
            wallMs: Math.round(fanOutMs),
            casesInformed: watch.casesInformed,
            rcaSubtasks: watch.rcaCreated.length,
            salesforceCalls: fanOutStats.salesforce.calls,
            jiraCalls: totalCalls(fanOutStats.jira.calls),
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await h.close();
    await slack.close();
    await smtp.close();
  }
}

/**
 * The emulators of `bench soak` in a process of their own: seeded demo org, REALISTIC_FAULTS on,
 * agents and developers acting every `--tick-ms`: the demo simulator's steps (comments, status and
 * priority moves, closures, new cases; transitions, comments, reassignments) plus two of the soak's
 * own, so that both ways carry traffic: an agent ticks "Escalate to Jira", a developer answers the
 * customer with a `#customer` comment on a case's issue. Prints `{ "url" }`, then answers lines on
 * stdin: `quiet` stops the simulator and the faults, `census` prints the exactly-once census
 * (test/helpers/sync-census.ts), the loss census (bench/soak-census.ts), API calls and actions.
 */
import { createInterface } from 'node:readline';
import { createSandbox } from '../src/sandbox/server.js';
import { REALISTIC_FAULTS, faultConfigSchema } from '../src/sandbox/controls/faults.js';
import { startActivitySimulator } from '../src/sandbox/controls/simulator.js';
import { createPrng, pickOne } from '../src/sandbox/controls/prng.js';
import type { SyncConfig } from '../src/config/schemas/sync.js';
import { summarizeCensus, takeCensus } from '../test/helpers/sync-census.js';
import { readDeveloperStatusChanges, takeLossCensus } from './soak-census.js';

const argument = (name: string, fallback: string) => (process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback);
const statusMap = JSON.parse(argument('--status-map', '{}')) as SyncConfig['statusMap'];
const toSalesforcePrefix = argument('--customer-prefix', '#customer');
const sandbox = createSandbox({ seed: Number(argument('--seed-cases', '60')) });
sandbox.faults.configure(REALISTIC_FAULTS);
const running = await sandbox.listen(0, '127.0.0.1');
const store = sandbox.salesforce.store;
const people = sandbox.salesforce.people();
const actions = { agent: 0, developer: 0, escalations: 0, customerComments: 0 };
/** Case id → when an agent last changed its status: the census's "later change" on the case side. */
const agentStatusChangedMs = new Map<string, number>();
const CUSTOMER_NOTES = ['please ask the customer to update the app and retry.', 'the fix is live, could the customer confirm?', 'нужен номер заказа от клиента.', 'אפשר לבקש מהלקוח צילום מסך?'];

const agentStep = async (random: () => number) => {
  const before = new Map(store.list('Case').map((c) => [String(c.Id), c.Status]));
  await sandbox.salesforce.simulateStep(random);
  for (const record of store.list('Case')) if (before.get(String(record.Id)) !== record.Status) agentStatusChangedMs.set(String(record.Id), Date.now());
  actions.agent++;
};
const developerStep = async (random: () => number) => {
  await sandbox.jira.simulateStep(random);
  actions.developer++;
};
const escalateStep = async (random: () => number) => {
  const candidates = store.list('Case').filter((c) => c.IsClosed !== true && c.Escalate_to_Jira__c !== true);
  // Three in ten: escalations stay a trickle, as at a support desk, not every open case at once.
  if (candidates.length === 0 || random() >= 0.3) return;
  store.update('Case', String(pickOne(random, candidates).Id), { Escalate_to_Jira__c: true }, pickOne(random, people.agents).id);
  actions.escalations++;
};
const customerCommentStep = async (random: () => number) => {
  const linked = store.list('Case').filter((c) => typeof c.Jira_Key__c === 'string' && c.Jira_Key__c !== '');
  if (linked.length === 0) return;
  const outcome = await sandbox.jira.runActor({ type: 'comment', issueKey: String(pickOne(random, linked).Jira_Key__c), body: `${toSalesforcePrefix} ${pickOne(random, CUSTOMER_NOTES)}` });
  if (outcome.ok) actions.customerComments++;
};
const steps = [agentStep, agentStep, agentStep, developerStep, developerStep, developerStep, escalateStep, customerCommentStep];
const simulator = startActivitySimulator(Number(argument('--tick-ms', '200')), createPrng(7), steps);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
say({ url: running.url, pid: process.pid });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'quiet') {
    simulator.stop();
    sandbox.faults.configure(faultConfigSchema.parse({}));
    say({ quiet: true, cases: store.list('Case').length });
  } else if (line === 'census') {
    // Taken before the census reads, which go through the same counted front door.
    const stats = sandbox.stats.snapshot();
    // No batching minimum applies here (polls every 5 s cost calls with or without changes): per action instead.
    const acted = actions.agent + actions.developer + actions.escalations + actions.customerComments;
    const per1000 = (calls: number) => Math.round((calls / Math.max(1, acted)) * 1000);
    const census = await takeCensus({ baseUrl: running.url, store, statusDisplay: statusMap.toSalesforce });
    const developerStatusChangedMs = await readDeveloperStatusChanges(running.url);
    const losses = takeLossCensus({ census, store, integrationUserId: people.integrationUserId, statusMap, agentStatusChangedMs, developerStatusChangedMs, toSalesforcePrefix });
    say({
      census: summarizeCensus(census),
      fieldMismatches: census.fieldMismatches.slice(0, 10),
      losses: {
        pairs: losses.pairs,
        lostCommentsToJira: losses.lostCommentsToJira.length,
        lostCommentsToCases: losses.lostCommentsToCases.length,
        statusNotCarriedToJira: losses.statusNotCarriedToJira.length,
        statusNotCarriedToCase: losses.statusNotCarriedToCase.length,
        examples: [...losses.lostCommentsToJira, ...losses.lostCommentsToCases].slice(0, 10),
        statusLosses: [...losses.statusNotCarriedToJira, ...losses.statusNotCarriedToCase].slice(0, 10),
      },
      actions,
      caseComments: store.list('CaseComment').length,
      calls: {
        salesforce: { accepted: stats.salesforce.accepted, refused: stats.salesforce.rejected, per1000Actions: per1000(stats.salesforce.accepted) },
        jira: { accepted: stats.jira.accepted, refused: stats.jira.rejected, per1000Actions: per1000(stats.jira.accepted) },
      },
    });
  }
}
await running.close();
